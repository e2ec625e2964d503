package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisConnectorOptions.ScoreMode;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.mapping.NumericField;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;

import java.util.function.Consumer;

/**
 * SORTED_SET. Score mode SET: INSERT/UPDATE_AFTER → ZADD key score member, DELETE/UPDATE_BEFORE →
 * ZREM key member. Score mode INCREMENT: ZINCRBY key ±score member (retractions subtract). A null
 * score fails in SET mode and adds nothing in INCREMENT mode.
 */
final class SortedSetCommandMapper extends TableCommandMapper {

    private static final long serialVersionUID = 1L;

    private transient NumericField score;

    SortedSetCommandMapper(RedisTableMapping mapping, SerializationSchema<RowData> valueFormat) {
        super(mapping, valueFormat);
    }

    @Override
    void openFields() {
        score =
                new NumericField(
                        mapping.columnTypes().get(mapping.scorePosition()),
                        mapping.scorePosition());
    }

    @Override
    public void map(RowData row, Consumer<RedisCommand> out) {
        byte[] key = keys.encode(row);
        byte[] member = requiredValue(row, key);
        if (mapping.scoreMode() == ScoreMode.INCREMENT) {
            if (!score.isNull(row)) {
                double amount = score.doubleValue(row);
                out.accept(RedisCommand.zincrby(key, adds(row) ? amount : -amount, member));
            }
            return;
        }
        if (!adds(row)) {
            out.accept(RedisCommand.zrem(key, member));
            return;
        }
        if (score.isNull(row)) {
            throw new IllegalArgumentException(
                    "Score column '"
                            + mapping.columnName(mapping.scorePosition())
                            + "' is null for Redis key '"
                            + new String(key, java.nio.charset.StandardCharsets.UTF_8)
                            + "'.");
        }
        out.accept(RedisCommand.zadd(key, score.doubleValue(row), member));
    }
}
