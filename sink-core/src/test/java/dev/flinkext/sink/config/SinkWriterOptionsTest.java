package dev.flinkext.sink.config;

import dev.flinkext.sink.SinkCoreOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinkWriterOptionsTest {

    @Test
    void readsEveryOptionIntoACappedRetryPolicy() {
        Configuration config = new Configuration();
        config.set(SinkCoreOptions.BUFFER_FLUSH_MAX_ROWS, 50);
        config.set(SinkCoreOptions.BUFFER_FLUSH_MAX_BYTES, MemorySize.parse("1kb"));
        config.set(SinkCoreOptions.BUFFER_FLUSH_INTERVAL, Duration.ZERO);
        config.set(SinkCoreOptions.MAX_IN_FLIGHT_BATCHES, 4);
        config.set(SinkCoreOptions.MAX_RETRIES, 15);
        config.set(SinkCoreOptions.RETRY_BACKOFF, Duration.ofMillis(100));
        config.set(SinkCoreOptions.RETRY_MAX_BACKOFF, Duration.ofSeconds(2));

        SinkWriterOptions options = SinkWriterOptions.fromConfig(config);

        assertThat(options.maxRows()).isEqualTo(50);
        assertThat(options.maxBytes()).isEqualTo(1024);
        assertThat(options.maxInFlightBatches()).isEqualTo(4);
        assertThat(options.retryPolicy().maxRetries()).isEqualTo(15);
        assertThat(options.retryPolicy().maxRetriesOption()).isEqualTo("sink.max-retries");
        // 15 retries: the last wait is the cap, not 100 ms * 2^14 (27 minutes)
        assertThat(options.retryPolicy().backoffBefore(15)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SinkWriterOptions.fromConfig(new Configuration()))
                .isEqualTo(SinkWriterOptions.defaults());
    }

    @Test
    void aConnectorDefaultForInFlightBatchesYieldsToTheUsersValue() {
        assertThat(SinkWriterOptions.fromConfig(new Configuration(), 2).maxInFlightBatches())
                .isEqualTo(2);
        Configuration config = new Configuration();
        config.set(SinkCoreOptions.MAX_IN_FLIGHT_BATCHES, 1);
        assertThat(SinkWriterOptions.fromConfig(config, 2).maxInFlightBatches()).isEqualTo(1);
        assertThat(SinkWriterOptions.fromConfig(new Configuration()).maxInFlightBatches())
                .isEqualTo(SinkCoreOptions.MAX_IN_FLIGHT_BATCHES.defaultValue());
    }

    @Test
    void badValuesFailNamingTheOption() {
        assertRefused(SinkCoreOptions.BUFFER_FLUSH_MAX_ROWS, 0, "'sink.buffer-flush.max-rows'");
        assertRefused(SinkCoreOptions.MAX_IN_FLIGHT_BATCHES, 0, "'sink.max-in-flight-batches'");
        assertRefused(SinkCoreOptions.MAX_RETRIES, -1, "'sink.max-retries'");
        Configuration config = new Configuration();
        config.set(SinkCoreOptions.RETRY_BACKOFF, Duration.ofSeconds(30));
        assertThatThrownBy(() -> SinkWriterOptions.fromConfig(config))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'sink.retry.backoff'")
                .hasMessageContaining("'sink.retry.max-backoff'");
    }

    private static void assertRefused(
            org.apache.flink.configuration.ConfigOption<Integer> option, int value, String key) {
        Configuration config = new Configuration();
        config.set(option, value);
        assertThatThrownBy(() -> SinkWriterOptions.fromConfig(config))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(String.valueOf(value));
    }
}
