package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisSinkOptions;
import dev.flinkext.sink.writer.BufferedSink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.data.RowData;

import java.io.IOException;
import java.util.Objects;

/**
 * A Flink Sink V2 writing {@link RowData} changelogs to Redis: sink-core's buffered writer (batches
 * by rows, bytes and time, confirmed at every checkpoint, capped retries in per-key order, upserts
 * reduced by key) over {@link RedisBatchWriter} (one pipeline per node). Usable from DataStream
 * without SQL:
 *
 * <pre>{@code
 * RedisSink sink = RedisSink.builder()
 *     .connection(RedisConnectionOptions.builder().standalone("redis", 6379).build())
 *     .options(RedisSinkOptions.builder().bufferFlushMaxRows(500).build())
 *     .mapper(myMapper)   // RedisCommandMapper, or RedisCommandMappers.forMapping(...)
 *     .build();
 * rows.sinkTo(sink);
 * }</pre>
 */
public final class RedisSink implements Sink<RowData> {

    private static final long serialVersionUID = 1L;

    private final RedisConnectionOptions connection;
    private final RedisSinkOptions options;
    private final BufferedSink<RowData, RedisCommand> sink;

    private RedisSink(
            RedisConnectionOptions connection,
            RedisSinkOptions options,
            RedisCommandMapper mapper) {
        this.connection = connection;
        this.options = options;
        String name = "Redis " + connection.describeAddresses();
        this.sink =
                new BufferedSink<>(
                        name,
                        options.writer(),
                        new RedisRowConverter(mapper, options),
                        RedisEntryTraits.INSTANCE,
                        (context, writerOptions) ->
                                new RedisBatchWriter(
                                        RedisClientProvider.create(connection),
                                        name,
                                        writerOptions.maxInFlightBatches()));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) throws IOException {
        return sink.createWriter(context);
    }

    public RedisConnectionOptions connection() {
        return connection;
    }

    public RedisSinkOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "RedisSink{" + connection + ", " + options + '}';
    }

    /** Builds a {@link RedisSink}; connection and mapper are required. */
    public static final class Builder {
        private RedisConnectionOptions connection;
        private RedisSinkOptions options = RedisSinkOptions.builder().build();
        private RedisCommandMapper mapper;

        private Builder() {}

        public Builder connection(RedisConnectionOptions connection) {
            this.connection = connection;
            return this;
        }

        public Builder options(RedisSinkOptions options) {
            this.options = options;
            return this;
        }

        public Builder mapper(RedisCommandMapper mapper) {
            this.mapper = mapper;
            return this;
        }

        public RedisSink build() {
            return new RedisSink(
                    Objects.requireNonNull(connection, "connection options are required"),
                    Objects.requireNonNull(options, "sink options are required"),
                    Objects.requireNonNull(mapper, "a command mapper is required"));
        }
    }
}
