package dev.flinkext.connector.redis.config;

import dev.flinkext.connector.redis.RedisConnectorOptions;

import org.apache.flink.configuration.ReadableConfig;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How the sink buffers, flushes and retries; immutable and serializable. */
public final class RedisSinkOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int bufferFlushMaxRows;
    private final Duration bufferFlushInterval;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final boolean ignoreDelete;
    private final Duration ttl;
    private final Integer parallelism;

    private RedisSinkOptions(Builder b) {
        this.bufferFlushMaxRows = b.bufferFlushMaxRows;
        this.bufferFlushInterval = b.bufferFlushInterval;
        this.maxRetries = b.maxRetries;
        this.retryBackoff = b.retryBackoff;
        this.ignoreDelete = b.ignoreDelete;
        this.ttl = b.ttl;
        this.parallelism = b.parallelism;
    }

    /** Reads the {@code sink.*} options; errors name the option. */
    public static RedisSinkOptions fromConfig(ReadableConfig config) {
        return builder()
                .bufferFlushMaxRows(config.get(RedisConnectorOptions.SINK_BUFFER_FLUSH_MAX_ROWS))
                .bufferFlushInterval(config.get(RedisConnectorOptions.SINK_BUFFER_FLUSH_INTERVAL))
                .maxRetries(config.get(RedisConnectorOptions.SINK_MAX_RETRIES))
                .retryBackoff(config.get(RedisConnectorOptions.SINK_RETRY_BACKOFF))
                .ignoreDelete(config.get(RedisConnectorOptions.SINK_IGNORE_DELETE))
                .ttl(config.getOptional(RedisConnectorOptions.SINK_TTL).orElse(null))
                .parallelism(
                        config.getOptional(RedisConnectorOptions.SINK_PARALLELISM).orElse(null))
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int bufferFlushMaxRows() {
        return bufferFlushMaxRows;
    }

    /** Zero when only size and checkpoints trigger flushes. */
    public Duration bufferFlushInterval() {
        return bufferFlushInterval;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    public boolean ignoreDelete() {
        return ignoreDelete;
    }

    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    public Optional<Integer> parallelism() {
        return Optional.ofNullable(parallelism);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedisSinkOptions)) {
            return false;
        }
        RedisSinkOptions that = (RedisSinkOptions) o;
        return bufferFlushMaxRows == that.bufferFlushMaxRows
                && maxRetries == that.maxRetries
                && ignoreDelete == that.ignoreDelete
                && bufferFlushInterval.equals(that.bufferFlushInterval)
                && retryBackoff.equals(that.retryBackoff)
                && Objects.equals(ttl, that.ttl)
                && Objects.equals(parallelism, that.parallelism);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bufferFlushMaxRows, bufferFlushInterval, maxRetries, ttl);
    }

    @Override
    public String toString() {
        return "RedisSinkOptions{maxRows="
                + bufferFlushMaxRows
                + ", interval="
                + bufferFlushInterval
                + ", maxRetries="
                + maxRetries
                + ", retryBackoff="
                + retryBackoff
                + ", ignoreDelete="
                + ignoreDelete
                + ", ttl="
                + ttl
                + ", parallelism="
                + parallelism
                + '}';
    }

    /** Builds {@link RedisSinkOptions}; {@link #build()} checks the ranges. */
    public static final class Builder {
        private int bufferFlushMaxRows = 1000;
        private Duration bufferFlushInterval = Duration.ofSeconds(1);
        private int maxRetries = 3;
        private Duration retryBackoff = Duration.ofMillis(100);
        private boolean ignoreDelete;
        private Duration ttl;
        private Integer parallelism;

        private Builder() {}

        public Builder bufferFlushMaxRows(int rows) {
            this.bufferFlushMaxRows = rows;
            return this;
        }

        public Builder bufferFlushInterval(Duration interval) {
            this.bufferFlushInterval = Objects.requireNonNull(interval);
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = Objects.requireNonNull(backoff);
            return this;
        }

        public Builder ignoreDelete(boolean ignoreDelete) {
            this.ignoreDelete = ignoreDelete;
            return this;
        }

        /** Time to live of every key written; null keeps keys forever. */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder parallelism(Integer parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public RedisSinkOptions build() {
            if (bufferFlushMaxRows < 1) {
                throw new IllegalArgumentException(
                        "Option 'sink.buffer-flush.max-rows' must be >= 1, got "
                                + bufferFlushMaxRows
                                + ".");
            }
            if (bufferFlushInterval.isNegative()) {
                throw new IllegalArgumentException(
                        "Option 'sink.buffer-flush.interval' must not be negative.");
            }
            if (maxRetries < 0) {
                throw new IllegalArgumentException(
                        "Option 'sink.max-retries' must be >= 0, got " + maxRetries + ".");
            }
            if (retryBackoff.isNegative()) {
                throw new IllegalArgumentException(
                        "Option 'sink.retry.backoff' must not be negative.");
            }
            if (ttl != null && ttl.toMillis() < 1) {
                throw new IllegalArgumentException(
                        "Option 'sink.ttl' must be at least 1 ms, got " + ttl + ".");
            }
            if (parallelism != null && parallelism < 1) {
                throw new IllegalArgumentException(
                        "Option 'sink.parallelism' must be >= 1, got " + parallelism + ".");
            }
            return new RedisSinkOptions(this);
        }
    }
}
