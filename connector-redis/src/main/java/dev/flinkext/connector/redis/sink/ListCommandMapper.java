package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisConnectorOptions.ListPush;
import dev.flinkext.connector.redis.config.RedisTableMapping;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;

import java.util.function.Consumer;

/**
 * LIST: INSERT/UPDATE_AFTER → RPUSH (or LPUSH) key value; DELETE/UPDATE_BEFORE → LREM of one
 * occurrence, taken from the end rows are pushed to (the most recent one).
 */
final class ListCommandMapper extends TableCommandMapper {

    private static final long serialVersionUID = 1L;

    ListCommandMapper(RedisTableMapping mapping, SerializationSchema<RowData> valueFormat) {
        super(mapping, valueFormat);
    }

    @Override
    public void map(RowData row, Consumer<RedisCommand> out) {
        byte[] key = keys.encode(row);
        byte[] value = requiredValue(row, key);
        boolean right = mapping.listPush() == ListPush.RIGHT;
        if (adds(row)) {
            out.accept(right ? RedisCommand.rpush(key, value) : RedisCommand.lpush(key, value));
        } else {
            out.accept(RedisCommand.lrem(key, right ? -1 : 1, value));
        }
    }
}
