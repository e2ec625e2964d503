package dev.flinkext.connector.redis.config;

import dev.flinkext.connector.redis.RedisConnectorOptions;
import dev.flinkext.connector.redis.RedisConnectorOptions.ListPush;
import dev.flinkext.connector.redis.RedisConnectorOptions.ScoreMode;
import dev.flinkext.connector.redis.RedisConnectorOptions.ValueFieldsInclude;
import dev.flinkext.connector.redis.mapping.FieldText;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which columns of a table become the Redis key, value, hash fields or score, for one {@link
 * RedisDataType}: resolved and checked once at planning time ({@link #resolve}), then shared by the
 * sink and (later) the lookup and scan. Immutable and serializable.
 *
 * <p>Positions index the table's physical columns. A position of -1 means "not used".
 */
public final class RedisTableMapping implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RedisDataType dataType;
    private final String keyPrefix;
    private final String keySeparator;
    private final List<String> columnNames;
    private final List<LogicalType> columnTypes;
    private final int[] keyPositions;
    private final int valuePosition;
    private final int fieldPosition;
    private final int[] hashFieldPositions;
    private final int scorePosition;
    private final ScoreMode scoreMode;
    private final ListPush listPush;
    private final String publishChannel;
    private final int[] valueFormatPositions;

    private RedisTableMapping(Resolver r) {
        this.dataType = r.dataType;
        this.keyPrefix = r.keyPrefix;
        this.keySeparator = r.keySeparator;
        this.columnNames = List.copyOf(r.names);
        this.columnTypes = List.copyOf(r.types);
        this.keyPositions = r.keyPositions;
        this.valuePosition = r.valuePosition;
        this.fieldPosition = r.fieldPosition;
        this.hashFieldPositions = r.hashFieldPositions;
        this.scorePosition = r.scorePosition;
        this.scoreMode = r.scoreMode;
        this.listPush = r.listPush;
        this.publishChannel = r.publishChannel;
        this.valueFormatPositions = r.valueFormatPositions;
    }

    /**
     * Checks that the table fits {@code data-type} and works out the roles of its columns.
     *
     * @param names the physical columns, in order
     * @param types their types
     * @param primaryKey the PRIMARY KEY columns (empty when none)
     * @param options the table's options
     * @param hasValueFormat whether 'value.format' is set
     * @throws ValidationException naming the option or column that does not fit
     */
    public static RedisTableMapping resolve(
            List<String> names,
            List<LogicalType> types,
            List<String> primaryKey,
            ReadableConfig options,
            boolean hasValueFormat) {
        return new Resolver(names, types, primaryKey, options, hasValueFormat).resolve();
    }

    public RedisDataType dataType() {
        return dataType;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public String keySeparator() {
        return keySeparator;
    }

    public List<String> columnNames() {
        return columnNames;
    }

    public List<LogicalType> columnTypes() {
        return columnTypes;
    }

    /** The columns forming the Redis key, in key order. */
    public int[] keyPositions() {
        return keyPositions.clone();
    }

    /** The single value column (-1 with a value format or per-column hash fields). */
    public int valuePosition() {
        return valuePosition;
    }

    /** HASH / HASH_COUNTER: the column naming the field (-1: one field per column). */
    public int fieldPosition() {
        return fieldPosition;
    }

    /** HASH / HASH_COUNTER without a field column: the columns stored as fields. */
    public int[] hashFieldPositions() {
        return hashFieldPositions.clone();
    }

    /** SORTED_SET: the score column (-1 otherwise). */
    public int scorePosition() {
        return scorePosition;
    }

    public ScoreMode scoreMode() {
        return scoreMode;
    }

    public ListPush listPush() {
        return listPush;
    }

    /** PUBLISH: the fixed channel, if one is set (otherwise the row's key). */
    public Optional<String> publishChannel() {
        return Optional.ofNullable(publishChannel);
    }

    /** Whether the value is the row encoded by 'value.format'. */
    public boolean usesValueFormat() {
        return valueFormatPositions != null;
    }

    /** With a value format: the columns it encodes, in order. */
    public int[] valueFormatPositions() {
        return valueFormatPositions == null ? null : valueFormatPositions.clone();
    }

    public String columnName(int position) {
        return columnNames.get(position);
    }

    /** Value equality: the planner compares sources and sinks, which hold a mapping. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedisTableMapping that)) {
            return false;
        }
        return dataType == that.dataType
                && keyPrefix.equals(that.keyPrefix)
                && keySeparator.equals(that.keySeparator)
                && columnNames.equals(that.columnNames)
                && columnTypes.equals(that.columnTypes)
                && Arrays.equals(keyPositions, that.keyPositions)
                && valuePosition == that.valuePosition
                && fieldPosition == that.fieldPosition
                && Arrays.equals(hashFieldPositions, that.hashFieldPositions)
                && scorePosition == that.scorePosition
                && scoreMode == that.scoreMode
                && listPush == that.listPush
                && Objects.equals(publishChannel, that.publishChannel)
                && Arrays.equals(valueFormatPositions, that.valueFormatPositions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataType, keyPrefix, columnNames, Arrays.hashCode(keyPositions));
    }

    @Override
    public String toString() {
        return "RedisTableMapping{"
                + dataType
                + ", key="
                + keyPrefix
                + names(keyPositions)
                + (valuePosition >= 0 ? ", value=" + columnNames.get(valuePosition) : "")
                + (fieldPosition >= 0 ? ", field=" + columnNames.get(fieldPosition) : "")
                + (hashFieldPositions.length > 0 ? ", fields=" + names(hashFieldPositions) : "")
                + (scorePosition >= 0 ? ", score=" + columnNames.get(scorePosition) : "")
                + (valueFormatPositions != null ? ", formatted=" + names(valueFormatPositions) : "")
                + '}';
    }

    private List<String> names(int[] positions) {
        return Arrays.stream(positions).mapToObj(columnNames::get).toList();
    }

    /** The checks and derivations behind {@link #resolve}. */
    private static final class Resolver {
        private final List<String> names;
        private final List<LogicalType> types;
        private final List<String> primaryKey;
        private final ReadableConfig options;
        private final boolean hasValueFormat;
        private final RedisDataType dataType;

        private String keyPrefix;
        private String keySeparator;
        private int[] keyPositions;
        private int valuePosition = -1;
        private int fieldPosition = -1;
        private int[] hashFieldPositions = new int[0];
        private int scorePosition = -1;
        private ScoreMode scoreMode;
        private ListPush listPush;
        private String publishChannel;
        private int[] valueFormatPositions;

        Resolver(
                List<String> names,
                List<LogicalType> types,
                List<String> primaryKey,
                ReadableConfig options,
                boolean hasValueFormat) {
            this.names = names;
            this.types = types;
            this.primaryKey = primaryKey;
            this.options = options;
            this.hasValueFormat = hasValueFormat;
            this.dataType = options.get(RedisConnectorOptions.DATA_TYPE);
        }

        RedisTableMapping resolve() {
            keyPrefix = options.get(RedisConnectorOptions.KEY_PREFIX);
            keySeparator = options.get(RedisConnectorOptions.KEY_SEPARATOR);
            scoreMode = options.get(RedisConnectorOptions.SCORE_MODE);
            listPush = options.get(RedisConnectorOptions.LIST_PUSH);
            refuseOptionsOfOtherTypes();
            resolveKey();
            Set<Integer> used = new LinkedHashSet<>();
            Arrays.stream(keyPositions).forEach(used::add);
            switch (dataType) {
                case STRING:
                case LIST:
                case SET:
                    resolveValue(used, "the value");
                    break;
                case PUBLISH:
                    publishChannel =
                            options.getOptional(RedisConnectorOptions.PUBLISH_CHANNEL).orElse(null);
                    resolveValue(used, "the message");
                    break;
                case SORTED_SET:
                    scorePosition =
                            column(
                                    require(RedisConnectorOptions.SCORE_COLUMN),
                                    RedisConnectorOptions.SCORE_COLUMN);
                    requireNumeric(scorePosition, "a sorted-set score");
                    if (used.contains(scorePosition)) {
                        throw fail(
                                "Column '"
                                        + names.get(scorePosition)
                                        + "' cannot be both part of the key and the score.");
                    }
                    used.add(scorePosition);
                    resolveValue(used, "the member");
                    break;
                case COUNTER:
                    refuseValueFormat();
                    resolveValue(used, "the amount");
                    requireNumeric(valuePosition, "a counter amount");
                    break;
                case HASH:
                case HASH_COUNTER:
                    refuseValueFormat();
                    resolveHash(used);
                    break;
                default:
                    throw new IllegalStateException("Unhandled data type " + dataType);
            }
            return new RedisTableMapping(this);
        }

        /** Key columns: 'key.fields' or the primary key; checks how they relate. */
        private void resolveKey() {
            Optional<List<String>> keyFields =
                    options.getOptional(RedisConnectorOptions.KEY_FIELDS);
            boolean needsPrimaryKey = dataType.isUpsert();
            if (needsPrimaryKey && primaryKey.isEmpty()) {
                throw fail(
                        "'data-type' = '"
                                + dataType
                                + "' needs a PRIMARY KEY: its columns form the Redis key"
                                + " (declare e.g. PRIMARY KEY (id) NOT ENFORCED).");
            }
            // Flink separates list entries by ';'; commas are accepted as well
            List<String> keyColumns =
                    keyFields
                            .map(
                                    fields ->
                                            fields.stream()
                                                    .flatMap(f -> Arrays.stream(f.split(",")))
                                                    .map(String::trim)
                                                    .filter(f -> !f.isEmpty())
                                                    .toList())
                            .orElse(primaryKey);
            if (keyColumns.isEmpty()
                    && dataType == RedisDataType.PUBLISH
                    && options.getOptional(RedisConnectorOptions.PUBLISH_CHANNEL).isPresent()) {
                keyPositions = new int[0]; // a fixed channel needs no key
                return;
            }
            if (keyColumns.isEmpty()) {
                throw fail(
                        "'data-type' = '"
                                + dataType
                                + "' needs key columns: declare a PRIMARY KEY or set option '"
                                + RedisConnectorOptions.KEY_FIELDS.key()
                                + "'.");
            }
            keyPositions =
                    keyColumns.stream()
                            .mapToInt(c -> column(c.trim(), RedisConnectorOptions.KEY_FIELDS))
                            .toArray();
            if (Arrays.stream(keyPositions).distinct().count() != keyPositions.length) {
                throw fail("Option 'key.fields' names a column twice: " + keyColumns + ".");
            }
            for (int position : keyPositions) {
                requireText(position, "a key");
            }
            if (!primaryKey.isEmpty()) {
                Set<String> key = new LinkedHashSet<>(keyColumns);
                if (!primaryKey.containsAll(key)) {
                    throw fail(
                            "Option 'key.fields' "
                                    + keyColumns
                                    + " must be columns of the PRIMARY KEY "
                                    + primaryKey
                                    + ".");
                }
                // STRING holds one row per key: a key narrower than the PRIMARY KEY would let
                // distinct rows overwrite (and their deletes remove) each other
                if (dataType == RedisDataType.STRING && !key.equals(Set.copyOf(primaryKey))) {
                    throw fail(
                            "'data-type' = 'STRING': the Redis key must be the whole PRIMARY KEY "
                                    + primaryKey
                                    + ", but 'key.fields' is "
                                    + keyColumns
                                    + "; rows differing only in the other columns would"
                                    + " overwrite each other.");
                }
            }
        }

        /** HASH / HASH_COUNTER: a field column + value column, or one field per column. */
        private void resolveHash(Set<Integer> used) {
            Optional<String> fieldColumn =
                    options.getOptional(RedisConnectorOptions.HASH_FIELD_COLUMN);
            boolean counter = dataType == RedisDataType.HASH_COUNTER;
            if (fieldColumn.isPresent()) {
                fieldPosition = column(fieldColumn.get(), RedisConnectorOptions.HASH_FIELD_COLUMN);
                if (used.contains(fieldPosition)) {
                    throw fail(
                            "Column '"
                                    + fieldColumn.get()
                                    + "' cannot be both part of the key and the hash field.");
                }
                requireText(fieldPosition, "a hash field");
                used.add(fieldPosition);
                // the upsert key must be (redis key, field): each row is one field of one hash
                if (!primaryKey.isEmpty()) {
                    Set<String> expected = new LinkedHashSet<>();
                    Arrays.stream(keyPositions).forEach(p -> expected.add(names.get(p)));
                    expected.add(names.get(fieldPosition));
                    if (!new LinkedHashSet<>(primaryKey).equals(expected)) {
                        throw fail(
                                "With 'hash.field-column' = '"
                                        + fieldColumn.get()
                                        + "' the PRIMARY KEY must be the key columns plus the field"
                                        + " column "
                                        + expected
                                        + ", got "
                                        + primaryKey
                                        + " (set 'key.fields' to the key columns).");
                    }
                }
                resolveValue(used, counter ? "the amount" : "the field value");
                if (counter) {
                    requireNumeric(valuePosition, "a hash counter amount");
                }
                return;
            }
            if (options.getOptional(RedisConnectorOptions.VALUE_COLUMN).isPresent()) {
                throw fail(
                        "Option 'value.column' needs 'hash.field-column' with 'data-type' = '"
                                + dataType
                                + "'; without it every non-key column is a hash field.");
            }
            if (dataType == RedisDataType.HASH
                    && !new LinkedHashSet<>(primaryKey)
                            .equals(
                                    Arrays.stream(keyPositions)
                                            .mapToObj(names::get)
                                            .collect(Collectors.toSet()))) {
                throw fail(
                        "'data-type' = 'HASH' with one field per column: the Redis key is the"
                                + " whole PRIMARY KEY "
                                + primaryKey
                                + "; 'key.fields' must not differ (or set"
                                + " 'hash.field-column').");
            }
            hashFieldPositions =
                    IntStream.range(0, names.size()).filter(i -> !used.contains(i)).toArray();
            if (hashFieldPositions.length == 0) {
                throw fail(
                        "'data-type' = '"
                                + dataType
                                + "' needs at least one column besides the key columns.");
            }
            for (int position : hashFieldPositions) {
                if (counter) {
                    requireNumeric(position, "a hash counter amount");
                } else {
                    requireText(position, "a hash field value");
                }
            }
        }

        /** The value: 'value.format', 'value.column', or the one column left over. */
        private void resolveValue(Set<Integer> used, String role) {
            Optional<String> valueColumn = options.getOptional(RedisConnectorOptions.VALUE_COLUMN);
            if (hasValueFormat) {
                if (valueColumn.isPresent()) {
                    throw fail(
                            "Options 'value.column' and 'value.format' exclude each other: the"
                                    + " value is either one column or the encoded row.");
                }
                boolean exceptKey =
                        options.get(RedisConnectorOptions.VALUE_FIELDS_INCLUDE)
                                == ValueFieldsInclude.EXCEPT_KEY;
                valueFormatPositions =
                        IntStream.range(0, names.size())
                                .filter(i -> !exceptKey || !used.contains(i))
                                .toArray();
                if (valueFormatPositions.length == 0) {
                    throw fail("'value.fields-include' = 'EXCEPT_KEY' leaves no column to encode.");
                }
                return;
            }
            if (options.getOptional(RedisConnectorOptions.VALUE_FIELDS_INCLUDE).isPresent()) {
                throw fail("Option 'value.fields-include' needs 'value.format'.");
            }
            if (valueColumn.isPresent()) {
                valuePosition = column(valueColumn.get(), RedisConnectorOptions.VALUE_COLUMN);
                if (used.contains(valuePosition)) {
                    throw fail(
                            "Column '"
                                    + valueColumn.get()
                                    + "' (option 'value.column') already serves as key, field or"
                                    + " score column.");
                }
            } else {
                List<Integer> left =
                        IntStream.range(0, names.size())
                                .filter(i -> !used.contains(i))
                                .boxed()
                                .toList();
                if (left.size() != 1) {
                    throw fail(
                            "'data-type' = '"
                                    + dataType
                                    + "' stores one column as "
                                    + role
                                    + ", but "
                                    + (left.isEmpty()
                                            ? "no column is left besides the key"
                                            : "columns "
                                                    + left.stream().map(names::get).toList()
                                                    + " are candidates")
                                    + ": set 'value.column'"
                                    + (dataType == RedisDataType.COUNTER
                                            ? "."
                                            : " or 'value.format'."));
                }
                valuePosition = left.get(0);
            }
            requireText(valuePosition, role);
        }

        private void refuseOptionsOfOtherTypes() {
            refuseUnless(
                    RedisConnectorOptions.HASH_FIELD_COLUMN,
                    RedisDataType.HASH,
                    RedisDataType.HASH_COUNTER);
            refuseUnless(RedisConnectorOptions.SCORE_COLUMN, RedisDataType.SORTED_SET);
            refuseUnless(RedisConnectorOptions.SCORE_MODE, RedisDataType.SORTED_SET);
            refuseUnless(RedisConnectorOptions.LIST_PUSH, RedisDataType.LIST);
            refuseUnless(RedisConnectorOptions.PUBLISH_CHANNEL, RedisDataType.PUBLISH);
            if (dataType == RedisDataType.PUBLISH) {
                if (options.getOptional(RedisConnectorOptions.SINK_TTL).isPresent()) {
                    throw fail("Option 'sink.ttl' does not apply to 'data-type' = 'PUBLISH'.");
                }
                if (options.getOptional(RedisConnectorOptions.PUBLISH_CHANNEL).isPresent()
                        && options.getOptional(RedisConnectorOptions.KEY_FIELDS).isPresent()) {
                    throw fail(
                            "Options 'publish.channel' and 'key.fields' exclude each other: the"
                                    + " channel is fixed or comes from the key columns.");
                }
            }
        }

        private void refuseValueFormat() {
            if (hasValueFormat) {
                throw fail(
                        "Option 'value.format' does not apply to 'data-type' = '"
                                + dataType
                                + "' (values are single columns).");
            }
        }

        private void refuseUnless(ConfigOption<?> option, RedisDataType... allowed) {
            if (options.getOptional(option).isPresent()
                    && !Arrays.asList(allowed).contains(dataType)) {
                throw fail(
                        "Option '"
                                + option.key()
                                + "' applies to 'data-type' "
                                + Arrays.toString(allowed)
                                + ", not to '"
                                + dataType
                                + "'.");
            }
        }

        private String require(ConfigOption<String> option) {
            return options.getOptional(option)
                    .orElseThrow(
                            () ->
                                    fail(
                                            "'data-type' = '"
                                                    + dataType
                                                    + "' needs option '"
                                                    + option.key()
                                                    + "'."));
        }

        private int column(String name, ConfigOption<?> option) {
            int position = names.indexOf(name);
            if (position < 0) {
                throw fail(
                        "Option '"
                                + option.key()
                                + "' names column '"
                                + name
                                + "', which the table does not have; columns: "
                                + names
                                + ".");
            }
            return position;
        }

        private void requireNumeric(int position, String role) {
            LogicalType type = types.get(position);
            if (!type.is(LogicalTypeFamily.NUMERIC)) {
                throw fail(
                        "Column '"
                                + names.get(position)
                                + "' is "
                                + role
                                + " and must be numeric (TINYINT..BIGINT, FLOAT, DOUBLE,"
                                + " DECIMAL), but is "
                                + type.asSummaryString()
                                + ".");
            }
        }

        private void requireText(int position, String role) {
            LogicalType type = types.get(position);
            if (!FieldText.supports(type)) {
                throw fail(
                        "Column '"
                                + names.get(position)
                                + "' of type "
                                + type.asSummaryString()
                                + " cannot be "
                                + role
                                + " as text; supported: "
                                + FieldText.SUPPORTED
                                + (role.startsWith("a key") ? "." : " (or use 'value.format')."));
            }
        }

        private ValidationException fail(String message) {
            return new ValidationException("Redis table: " + message);
        }
    }
}
