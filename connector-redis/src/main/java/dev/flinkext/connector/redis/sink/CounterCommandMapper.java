package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.mapping.NumericField;

import org.apache.flink.table.data.RowData;

import java.util.function.Consumer;

/**
 * COUNTER: INSERT/UPDATE_AFTER → INCRBY key amount (INCRBYFLOAT for non-integral columns);
 * DELETE/UPDATE_BEFORE subtract the amount, so a retracting aggregate (-U 1, +U 2) leaves its
 * latest value. A null amount adds nothing.
 */
final class CounterCommandMapper extends TableCommandMapper {

    private static final long serialVersionUID = 1L;

    private transient NumericField amount;

    CounterCommandMapper(RedisTableMapping mapping) {
        super(mapping, null);
    }

    @Override
    void openFields() {
        amount =
                new NumericField(
                        mapping.columnTypes().get(mapping.valuePosition()),
                        mapping.valuePosition());
    }

    @Override
    public void map(RowData row, Consumer<RedisCommand> out) {
        if (amount.isNull(row)) {
            return;
        }
        byte[] key = keys.encode(row);
        boolean adds = adds(row);
        if (amount.isIntegral()) {
            long value = amount.longValue(row);
            out.accept(RedisCommand.incrBy(key, adds ? value : -value));
        } else {
            double value = amount.doubleValue(row);
            out.accept(RedisCommand.incrByFloat(key, adds ? value : -value));
        }
    }
}
