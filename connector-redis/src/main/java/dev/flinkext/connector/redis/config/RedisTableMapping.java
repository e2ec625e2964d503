package dev.flinkext.connector.redis.config;

import dev.flinkext.connector.redis.config.RedisConnectorOptions.ListPush;
import dev.flinkext.connector.redis.config.RedisConnectorOptions.ScoreMode;

import org.apache.flink.table.types.logical.LogicalType;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which columns of a table become the Redis key, value, hash fields or score, for one {@link
 * RedisDataType}: resolved and checked once at planning time by {@link RedisTableMappingResolver},
 * then shared by the sink, the lookup and the scan. Immutable and serializable; compared by value.
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

    /** Only {@link RedisTableMappingResolver} creates mappings, once it has checked the rules. */
    RedisTableMapping(
            RedisDataType dataType,
            String keyPrefix,
            String keySeparator,
            List<String> columnNames,
            List<LogicalType> columnTypes,
            int[] keyPositions,
            int valuePosition,
            int fieldPosition,
            int[] hashFieldPositions,
            int scorePosition,
            ScoreMode scoreMode,
            ListPush listPush,
            @Nullable String publishChannel,
            @Nullable int[] valueFormatPositions) {
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.keySeparator = Objects.requireNonNull(keySeparator, "keySeparator");
        this.columnNames = List.copyOf(columnNames);
        this.columnTypes = List.copyOf(columnTypes);
        this.keyPositions = keyPositions.clone();
        this.valuePosition = valuePosition;
        this.fieldPosition = fieldPosition;
        this.hashFieldPositions = hashFieldPositions.clone();
        this.scorePosition = scorePosition;
        this.scoreMode = scoreMode;
        this.listPush = listPush;
        this.publishChannel = publishChannel;
        this.valueFormatPositions =
                valueFormatPositions == null ? null : valueFormatPositions.clone();
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
}
