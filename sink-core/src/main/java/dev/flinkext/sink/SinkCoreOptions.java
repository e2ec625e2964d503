package dev.flinkext.sink;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.factories.FactoryUtil;

import java.time.Duration;
import java.util.Set;

/**
 * The sink options every flinkext sink accepts, named as Flink's own connectors name them. A
 * connector's factory adds {@link #allOptionalOptions()} to its optional options and reads them
 * with {@link dev.flinkext.sink.config.SinkWriterOptions#fromConfig}.
 */
public final class SinkCoreOptions {

    private SinkCoreOptions() {}

    public static final ConfigOption<Integer> BUFFER_FLUSH_MAX_ROWS =
            ConfigOptions.key("sink.buffer-flush.max-rows")
                    .intType()
                    .defaultValue(1000)
                    .withDescription(
                            "Rows buffered before they are written as one batch; 1 writes each row"
                                    + " alone.");

    public static final ConfigOption<MemorySize> BUFFER_FLUSH_MAX_BYTES =
            ConfigOptions.key("sink.buffer-flush.max-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("8mb"))
                    .withDescription(
                            "Estimated size of the buffered writes at which a batch is written,"
                                    + " whatever the row count.");

    public static final ConfigOption<Duration> BUFFER_FLUSH_INTERVAL =
            ConfigOptions.key("sink.buffer-flush.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Longest a row waits in the buffer before it is written; 0 leaves it"
                                    + " to the size bounds and to checkpoints.");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT_BATCHES =
            ConfigOptions.key("sink.max-in-flight-batches")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Batches written at the same time by one writer. Writes to one key"
                                    + " stay in order: a batch that touches a key of a batch still"
                                    + " in flight waits for it.");

    public static final ConfigOption<Integer> MAX_RETRIES =
            ConfigOptions.key("sink.max-retries")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Retries of the writes a batch could not confirm (connection lost,"
                                    + " transient server errors) before the job fails with the"
                                    + " store's error. Errors in the data fail at once.");

    public static final ConfigOption<Duration> RETRY_BACKOFF =
            ConfigOptions.key("sink.retry.backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withDescription("Wait before the first retry; doubled for each further one.");

    public static final ConfigOption<Duration> RETRY_MAX_BACKOFF =
            ConfigOptions.key("sink.retry.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Longest wait between two attempts, however many retries are allowed.");

    /** Flink's own {@code sink.parallelism}. */
    public static final ConfigOption<Integer> SINK_PARALLELISM = FactoryUtil.SINK_PARALLELISM;

    /** Every option above, for a factory's {@code optionalOptions()}. */
    public static Set<ConfigOption<?>> allOptionalOptions() {
        return Set.of(
                BUFFER_FLUSH_MAX_ROWS,
                BUFFER_FLUSH_MAX_BYTES,
                BUFFER_FLUSH_INTERVAL,
                MAX_IN_FLIGHT_BATCHES,
                MAX_RETRIES,
                RETRY_BACKOFF,
                RETRY_MAX_BACKOFF,
                SINK_PARALLELISM);
    }
}
