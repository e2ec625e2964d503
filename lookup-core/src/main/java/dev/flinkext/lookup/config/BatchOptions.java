package dev.flinkext.lookup.config;

import dev.flinkext.common.retry.RetryPolicy;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.lookup.LookupOptions;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How async lookups are batched: at most {@code lookup.batch.max-size} distinct keys per read,
 * waiting at most {@code lookup.batch.max-delay} after a batch's first key, and how failed reads
 * are retried ({@code lookup.max-retries}).
 */
public final class BatchOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int maxSize;
    private final Duration maxDelay;
    private final RetryPolicy retryPolicy;

    private BatchOptions(int maxSize, Duration maxDelay, RetryPolicy retryPolicy) {
        this.maxSize = maxSize;
        this.maxDelay = maxDelay;
        this.retryPolicy = retryPolicy;
    }

    /**
     * Reads {@link LookupCoreOptions#BATCH_MAX_SIZE}, {@link LookupCoreOptions#BATCH_MAX_DELAY} and
     * {@code lookup.max-retries}; an invalid value fails with a {@link ValidationException} naming
     * the option.
     */
    public static BatchOptions fromConfig(ReadableConfig config) {
        return builder()
                .maxSize(config.get(LookupCoreOptions.BATCH_MAX_SIZE))
                .maxDelay(config.get(LookupCoreOptions.BATCH_MAX_DELAY))
                .retryPolicy(RetryPolicy.fromConfig(config, LookupOptions.MAX_RETRIES))
                .build();
    }

    /** A builder starting from the options' defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The most distinct keys in one batch; 1 means one read per key. */
    public int maxSize() {
        return maxSize;
    }

    /** The longest a batch waits, from its first key, before it is read anyway. */
    public Duration maxDelay() {
        return maxDelay;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BatchOptions)) {
            return false;
        }
        BatchOptions that = (BatchOptions) o;
        return maxSize == that.maxSize
                && maxDelay.equals(that.maxDelay)
                && retryPolicy.equals(that.retryPolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxSize, maxDelay, retryPolicy);
    }

    @Override
    public String toString() {
        return "BatchOptions{maxSize="
                + maxSize
                + ", maxDelay="
                + maxDelay
                + ", retryPolicy="
                + retryPolicy
                + '}';
    }

    /** Builds {@link BatchOptions}; values are checked in {@link #build()}. */
    public static final class Builder {

        private int maxSize = LookupCoreOptions.BATCH_MAX_SIZE.defaultValue();
        private Duration maxDelay = LookupCoreOptions.BATCH_MAX_DELAY.defaultValue();
        private RetryPolicy retryPolicy =
                RetryPolicy.of(LookupOptions.MAX_RETRIES.defaultValue())
                        .forOption(LookupOptions.MAX_RETRIES.key());

        private Builder() {}

        public Builder maxSize(int maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy =
                    Objects.requireNonNull(retryPolicy, "retryPolicy")
                            .forOption(LookupOptions.MAX_RETRIES.key());
            return this;
        }

        public BatchOptions build() {
            if (maxSize < 1) {
                throw new ValidationException(
                        String.format(
                                "Invalid value for option '%s': %d (must be at least 1; 1"
                                        + " turns batching off).",
                                LookupCoreOptions.BATCH_MAX_SIZE.key(), maxSize));
            }
            if (maxDelay == null || maxDelay.isNegative()) {
                throw new ValidationException(
                        String.format(
                                "Invalid value for option '%s': %s (must be 0 or more).",
                                LookupCoreOptions.BATCH_MAX_DELAY.key(), maxDelay));
            }
            return new BatchOptions(maxSize, maxDelay, retryPolicy);
        }
    }
}
