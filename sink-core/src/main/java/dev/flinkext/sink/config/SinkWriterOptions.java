package dev.flinkext.sink.config;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.sink.SinkCoreOptions;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link dev.flinkext.sink.writer.BufferedSinkWriter} buffers, writes and retries; validated
 * when built, so a bad value fails at planning time naming its option.
 *
 * @param maxRows rows buffered before a batch is written
 * @param maxBytes estimated bytes buffered before a batch is written
 * @param interval longest a row waits in the buffer; zero for no timer
 * @param maxInFlightBatches batches written at once
 * @param retryPolicy retries of unconfirmed writes, capped backoff
 */
public record SinkWriterOptions(
        int maxRows,
        long maxBytes,
        Duration interval,
        int maxInFlightBatches,
        RetryPolicy retryPolicy)
        implements Serializable {

    public SinkWriterOptions {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        atLeast(SinkCoreOptions.BUFFER_FLUSH_MAX_ROWS.key(), maxRows, 1);
        atLeast(SinkCoreOptions.BUFFER_FLUSH_MAX_BYTES.key(), maxBytes, 1);
        atLeast(SinkCoreOptions.MAX_IN_FLIGHT_BATCHES.key(), maxInFlightBatches, 1);
        if (interval.isNegative()) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s (must not be negative).",
                            SinkCoreOptions.BUFFER_FLUSH_INTERVAL.key(), interval));
        }
    }

    /** The defaults of {@link SinkCoreOptions}. */
    public static SinkWriterOptions defaults() {
        return builder().build();
    }

    /**
     * Reads and validates the {@code sink.*} options of {@link SinkCoreOptions}.
     *
     * @throws ValidationException naming the option at fault
     */
    public static SinkWriterOptions fromConfig(ReadableConfig config) {
        return fromConfig(config, SinkCoreOptions.MAX_IN_FLIGHT_BATCHES.defaultValue());
    }

    /**
     * As {@link #fromConfig(ReadableConfig)}, for a connector whose store works best with another
     * number of batches in flight when the user sets none (Kudu's client double-buffers, so its
     * sink keeps 2); a value the user sets wins.
     *
     * @throws ValidationException naming the option at fault
     */
    public static SinkWriterOptions fromConfig(
            ReadableConfig config, int defaultMaxInFlightBatches) {
        Duration backoff = config.get(SinkCoreOptions.RETRY_BACKOFF);
        Duration maxBackoff = config.get(SinkCoreOptions.RETRY_MAX_BACKOFF);
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw new ValidationException(
                    String.format(
                            "Invalid retry backoff: '%s' = %s must not be negative and not above"
                                    + " '%s' = %s.",
                            SinkCoreOptions.RETRY_BACKOFF.key(),
                            backoff,
                            SinkCoreOptions.RETRY_MAX_BACKOFF.key(),
                            maxBackoff));
        }
        int maxRetries = config.get(SinkCoreOptions.MAX_RETRIES);
        atLeast(SinkCoreOptions.MAX_RETRIES.key(), maxRetries, 0);
        return new SinkWriterOptions(
                config.get(SinkCoreOptions.BUFFER_FLUSH_MAX_ROWS),
                config.get(SinkCoreOptions.BUFFER_FLUSH_MAX_BYTES).getBytes(),
                config.get(SinkCoreOptions.BUFFER_FLUSH_INTERVAL),
                config.getOptional(SinkCoreOptions.MAX_IN_FLIGHT_BATCHES)
                        .orElse(defaultMaxInFlightBatches),
                RetryPolicy.of(maxRetries, backoff, maxBackoff)
                        .forOption(SinkCoreOptions.MAX_RETRIES.key()));
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be at least %d).",
                            option, value, min));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds options in code (DataStream users, tests); starts from the defaults. */
    public static final class Builder {
        private int maxRows = SinkCoreOptions.BUFFER_FLUSH_MAX_ROWS.defaultValue();
        private long maxBytes = SinkCoreOptions.BUFFER_FLUSH_MAX_BYTES.defaultValue().getBytes();
        private Duration interval = SinkCoreOptions.BUFFER_FLUSH_INTERVAL.defaultValue();
        private int maxInFlightBatches = SinkCoreOptions.MAX_IN_FLIGHT_BATCHES.defaultValue();
        private RetryPolicy retryPolicy =
                RetryPolicy.of(
                                SinkCoreOptions.MAX_RETRIES.defaultValue(),
                                SinkCoreOptions.RETRY_BACKOFF.defaultValue(),
                                SinkCoreOptions.RETRY_MAX_BACKOFF.defaultValue())
                        .forOption(SinkCoreOptions.MAX_RETRIES.key());

        private Builder() {}

        public Builder maxRows(int maxRows) {
            this.maxRows = maxRows;
            return this;
        }

        public Builder maxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder maxInFlightBatches(int maxInFlightBatches) {
            this.maxInFlightBatches = maxInFlightBatches;
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy =
                    Objects.requireNonNull(retryPolicy, "retryPolicy")
                            .forOption(SinkCoreOptions.MAX_RETRIES.key());
            return this;
        }

        public SinkWriterOptions build() {
            return new SinkWriterOptions(
                    maxRows, maxBytes, interval, maxInFlightBatches, retryPolicy);
        }
    }
}
