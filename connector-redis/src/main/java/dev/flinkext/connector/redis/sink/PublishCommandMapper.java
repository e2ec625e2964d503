package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisTableMapping;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * PUBLISH: each inserted row is a message on the fixed channel or the row's key. The table sink
 * accepts inserts only, so no retraction reaches this mapper through SQL; DataStream users get
 * updates published too and deletes/update-befores dropped.
 */
final class PublishCommandMapper extends TableCommandMapper {

    private static final long serialVersionUID = 1L;

    private transient byte[] channel;

    PublishCommandMapper(RedisTableMapping mapping, SerializationSchema<RowData> valueFormat) {
        super(mapping, valueFormat);
    }

    @Override
    void openFields() {
        channel =
                mapping.publishChannel().map(c -> c.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public void map(RowData row, Consumer<RedisCommand> out) {
        if (!adds(row)) {
            return;
        }
        byte[] target = channel != null ? channel : keys.encode(row);
        out.accept(RedisCommand.publish(target, requiredValue(row, target)));
    }
}
