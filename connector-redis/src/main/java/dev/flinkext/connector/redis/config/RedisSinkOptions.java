package dev.flinkext.connector.redis.config;

import dev.flinkext.sink.SinkCoreOptions;
import dev.flinkext.sink.config.SinkOptionsBuilder;
import dev.flinkext.sink.config.SinkWriterOptions;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Redis sink buffers, writes and retries (sink-core's {@link SinkWriterOptions}), plus what
 * only Redis has: {@code sink.ignore-delete} and {@code sink.ttl}. Immutable and serializable.
 *
 * @param writer buffering, in-flight batches and retries, shared with every flinkext sink
 * @param ignoreDelete drop DELETE and UPDATE_BEFORE rows
 * @param ttlOrNull TTL of every key written, or null
 * @param parallelismOrNull {@code sink.parallelism}, or null for the input's
 */
public record RedisSinkOptions(
        SinkWriterOptions writer,
        boolean ignoreDelete,
        @Nullable Duration ttlOrNull,
        @Nullable Integer parallelismOrNull)
        implements Serializable {

    public RedisSinkOptions {
        Objects.requireNonNull(writer, "writer");
        if (ttlOrNull != null && ttlOrNull.toMillis() < 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s (must be at least 1 ms).",
                            RedisConnectorOptions.SINK_TTL.key(), ttlOrNull));
        }
        if (parallelismOrNull != null && parallelismOrNull < 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be at least 1).",
                            SinkCoreOptions.SINK_PARALLELISM.key(), parallelismOrNull));
        }
    }

    /**
     * Reads the {@code sink.*} options.
     *
     * @throws ValidationException naming the option at fault
     */
    public static RedisSinkOptions fromConfig(ReadableConfig config) {
        return new RedisSinkOptions(
                SinkWriterOptions.fromConfig(config),
                config.get(RedisConnectorOptions.SINK_IGNORE_DELETE),
                config.getOptional(RedisConnectorOptions.SINK_TTL).orElse(null),
                config.getOptional(SinkCoreOptions.SINK_PARALLELISM).orElse(null));
    }

    public static Builder builder() {
        return new Builder();
    }

    public int bufferFlushMaxRows() {
        return writer.maxRows();
    }

    /** Zero when only size and checkpoints trigger flushes. */
    public Duration bufferFlushInterval() {
        return writer.interval();
    }

    public int maxRetries() {
        return writer.retryPolicy().maxRetries();
    }

    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttlOrNull);
    }

    public Optional<Integer> parallelism() {
        return Optional.ofNullable(parallelismOrNull);
    }

    /** Builds options in code (DataStream users); starts from the defaults of the options. */
    public static final class Builder extends SinkOptionsBuilder<Builder> {
        private boolean ignoreDelete;
        private Duration ttl;

        private Builder() {
            super("Redis");
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder ignoreDelete(boolean ignoreDelete) {
            this.ignoreDelete = ignoreDelete;
            return this;
        }

        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        public RedisSinkOptions build() {
            return new RedisSinkOptions(writerOptions(), ignoreDelete, ttl, parallelismOrNull());
        }
    }
}
