package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisTableMapping;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;

import java.util.function.Consumer;

/** SET: INSERT/UPDATE_AFTER → SADD key member; DELETE/UPDATE_BEFORE → SREM key member. */
final class SetCommandMapper extends TableCommandMapper {

    private static final long serialVersionUID = 1L;

    SetCommandMapper(RedisTableMapping mapping, SerializationSchema<RowData> valueFormat) {
        super(mapping, valueFormat);
    }

    @Override
    public void map(RowData row, Consumer<RedisCommand> out) {
        byte[] key = keys.encode(row);
        byte[] member = requiredValue(row, key);
        out.accept(adds(row) ? RedisCommand.sadd(key, member) : RedisCommand.srem(key, member));
    }
}
