package dev.flinkext.sink.config;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.sink.SinkCoreOptions;

import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.time.Duration;

/**
 * The shared part of a connector's sink-options builder (for DataStream users): the buffering,
 * in-flight, retry and parallelism settings of sink-core, starting from the options' defaults. A
 * connector's builder extends it with its own settings and builds its record from {@link
 * #writerOptions} and {@link #parallelismOrNull}.
 *
 * @param <B> the connector's builder, returned by every setter
 */
public abstract class SinkOptionsBuilder<B extends SinkOptionsBuilder<B>> {

    private final String storeName;
    private final SinkWriterOptions.Builder writer = SinkWriterOptions.builder();
    private int maxRetries = SinkCoreOptions.MAX_RETRIES.defaultValue();
    private Duration retryBackoff = SinkCoreOptions.RETRY_BACKOFF.defaultValue();
    private Duration retryMaxBackoff = SinkCoreOptions.RETRY_MAX_BACKOFF.defaultValue();
    private @Nullable Integer parallelism;

    /**
     * @param storeName names the store in errors, e.g. "Redis"
     */
    protected SinkOptionsBuilder(String storeName) {
        this(storeName, SinkCoreOptions.MAX_IN_FLIGHT_BATCHES.defaultValue());
    }

    /**
     * @param storeName names the store in errors, e.g. "Redis"
     * @param defaultMaxInFlightBatches the connector's default, as it passes to {@link
     *     SinkWriterOptions#fromConfig(org.apache.flink.configuration.ReadableConfig, int)}
     */
    protected SinkOptionsBuilder(String storeName, int defaultMaxInFlightBatches) {
        this.storeName = storeName;
        writer.maxInFlightBatches(defaultMaxInFlightBatches);
    }

    /** This builder, as the connector's type. */
    protected abstract B self();

    public B bufferFlushMaxRows(int rows) {
        writer.maxRows(rows);
        return self();
    }

    public B bufferFlushMaxBytes(long bytes) {
        writer.maxBytes(bytes);
        return self();
    }

    public B bufferFlushInterval(Duration interval) {
        writer.interval(interval);
        return self();
    }

    public B maxInFlightBatches(int batches) {
        writer.maxInFlightBatches(batches);
        return self();
    }

    public B maxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
        return self();
    }

    /** Wait before the first retry, doubled for each further one up to the max backoff. */
    public B retryBackoff(Duration backoff) {
        this.retryBackoff = backoff;
        return self();
    }

    public B retryMaxBackoff(Duration maxBackoff) {
        this.retryMaxBackoff = maxBackoff;
        return self();
    }

    /** The sink's parallelism; null: the input's. */
    public B parallelism(@Nullable Integer parallelism) {
        this.parallelism = parallelism;
        return self();
    }

    /**
     * The writer options set so far.
     *
     * @throws ValidationException for retry settings that make no policy, naming the store
     */
    protected SinkWriterOptions writerOptions() {
        RetryPolicy retries;
        try {
            retries = RetryPolicy.of(maxRetries, retryBackoff, retryMaxBackoff);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Invalid " + storeName + " sink retry options: " + e.getMessage(), e);
        }
        return writer.retryPolicy(retries).build();
    }

    @Nullable
    protected Integer parallelismOrNull() {
        return parallelism;
    }
}
