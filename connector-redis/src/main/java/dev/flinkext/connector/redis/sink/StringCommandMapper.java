package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisTableMapping;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

import java.util.function.Consumer;

/**
 * STRING: upsert. INSERT/UPDATE_AFTER → SET key value (a null value deletes: Redis has no null);
 * DELETE → DEL key; UPDATE_BEFORE → nothing (the following UPDATE_AFTER overwrites).
 */
final class StringCommandMapper extends TableCommandMapper {

    private static final long serialVersionUID = 1L;

    StringCommandMapper(RedisTableMapping mapping, SerializationSchema<RowData> valueFormat) {
        super(mapping, valueFormat);
    }

    @Override
    public void map(RowData row, Consumer<RedisCommand> out) {
        if (row.getRowKind() == RowKind.UPDATE_BEFORE) {
            return;
        }
        byte[] key = keys.encode(row);
        byte[] value = adds(row) ? value(row) : null;
        out.accept(value == null ? RedisCommand.del(key) : RedisCommand.set(key, value));
    }

    @Override
    public boolean reducesByKey() {
        return true;
    }
}
