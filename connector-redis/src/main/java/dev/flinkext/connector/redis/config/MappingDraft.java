package dev.flinkext.connector.redis.config;

import dev.flinkext.connector.redis.config.RedisConnectorOptions.ListPush;
import dev.flinkext.connector.redis.config.RedisConnectorOptions.ScoreMode;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link RedisTableMapping} being worked out by {@link RedisTableMappingResolver}: the table (its
 * columns and options), the column roles the rules have assigned so far, and the checks the rules
 * share. Mutable and short-lived: one per {@code resolve} call, never shared.
 */
final class MappingDraft {

    // the table
    final List<String> names;
    final List<LogicalType> types;
    final List<String> primaryKey;
    final ReadableConfig options;
    final boolean hasValueFormat;
    final RedisDataType dataType;
    private final String keyPrefix;
    private final String keySeparator;
    private final ScoreMode scoreMode;
    private final ListPush listPush;

    // the roles assigned so far; -1: not used
    int[] keyPositions;
    int valuePosition = -1;
    int fieldPosition = -1;
    int[] hashFieldPositions = new int[0];
    int scorePosition = -1;
    String publishChannel;
    int[] valueFormatPositions;

    /** The columns that already serve as key, hash field or score. */
    final Set<Integer> used = new LinkedHashSet<>();

    MappingDraft(
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
        this.keyPrefix = options.get(RedisConnectorOptions.KEY_PREFIX);
        this.keySeparator = options.get(RedisConnectorOptions.KEY_SEPARATOR);
        this.scoreMode = options.get(RedisConnectorOptions.SCORE_MODE);
        this.listPush = options.get(RedisConnectorOptions.LIST_PUSH);
    }

    RedisTableMapping toMapping() {
        return new RedisTableMapping(
                dataType,
                keyPrefix,
                keySeparator,
                names,
                types,
                keyPositions,
                valuePosition,
                fieldPosition,
                hashFieldPositions,
                scorePosition,
                scoreMode,
                listPush,
                publishChannel,
                valueFormatPositions);
    }

    /** The column {@code name} that {@code option} names; fails when the table lacks it. */
    int column(String name, ConfigOption<?> option) {
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

    /** The value of {@code option}, which this data type needs. */
    String require(ConfigOption<String> option) {
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

    void requireNumeric(int position, String role) {
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

    void requireText(int position, String role) {
        LogicalType type = types.get(position);
        if (!RedisColumnTypes.supports(type)) {
            throw fail(
                    "Column '"
                            + names.get(position)
                            + "' of type "
                            + type.asSummaryString()
                            + " cannot be "
                            + role
                            + " as text; supported: "
                            + RedisColumnTypes.SUPPORTED
                            + (role.startsWith("a key") ? "." : " (or use 'value.format')."));
        }
    }

    /** For data types whose values are single columns. */
    void refuseValueFormat() {
        if (hasValueFormat) {
            throw fail(
                    "Option 'value.format' does not apply to 'data-type' = '"
                            + dataType
                            + "' (values are single columns).");
        }
    }

    ValidationException fail(String message) {
        return new ValidationException("Redis table: " + message);
    }
}
