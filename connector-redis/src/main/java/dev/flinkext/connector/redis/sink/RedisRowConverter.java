package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisSinkOptions;
import dev.flinkext.sink.writer.RowConverter;

import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

import javax.annotation.Nullable;

import java.util.List;
import java.util.function.Consumer;

/**
 * A changelog row → its Redis commands: the data type's {@link RedisCommandMapper}, plus {@code
 * sink.ignore-delete} and {@code sink.ttl} (a {@code PEXPIRE} after each command that writes a
 * value, in the same batch and on the same node).
 */
final class RedisRowConverter implements RowConverter<RowData, RedisCommand> {

    private static final long serialVersionUID = 1L;

    private final RedisCommandMapper mapper;
    private final boolean ignoreDelete;
    private final long ttlMillis;

    RedisRowConverter(RedisCommandMapper mapper, RedisSinkOptions options) {
        this.mapper = mapper;
        this.ignoreDelete = options.ignoreDelete();
        this.ttlMillis = options.ttl().map(java.time.Duration::toMillis).orElse(0L);
    }

    @Override
    public void open(WriterInitContext context) throws Exception {
        mapper.open(context.asSerializationSchemaInitializationContext());
    }

    @Override
    public void convert(RowData row, Consumer<RedisCommand> out) {
        RowKind kind = row.getRowKind();
        if (ignoreDelete && (kind == RowKind.DELETE || kind == RowKind.UPDATE_BEFORE)) {
            return;
        }
        if (ttlMillis <= 0) {
            mapper.map(row, out);
            return;
        }
        mapper.map(
                row,
                command -> {
                    out.accept(command);
                    if (command.writesValue()) {
                        out.accept(RedisCommand.pexpire(command.key(), ttlMillis));
                    }
                });
    }

    @Override
    @Nullable
    public Object reduceKey(RowData row, List<RedisCommand> commands) {
        if (!mapper.reducesByKey() || commands.isEmpty()) {
            return null;
        }
        return new KeyBytes(commands.get(0).key());
    }
}
