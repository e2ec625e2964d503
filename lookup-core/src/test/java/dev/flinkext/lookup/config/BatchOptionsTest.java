package dev.flinkext.lookup.config;

import dev.flinkext.common.retry.RetryPolicy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchOptionsTest {

    @Test
    void defaultsComeFromTheOptions() {
        BatchOptions options = BatchOptions.fromConfig(new Configuration());

        assertThat(options.maxSize()).isEqualTo(100);
        assertThat(options.maxDelay()).isEqualTo(Duration.ofMillis(2));
        assertThat(options.retryPolicy().maxRetries()).isEqualTo(3);
        assertThat(options).isEqualTo(BatchOptions.builder().build());
    }

    @Test
    void readsEveryOption() {
        Configuration config = new Configuration();
        config.set(LookupCoreOptions.BATCH_MAX_SIZE, 500);
        config.set(LookupCoreOptions.BATCH_MAX_DELAY, Duration.ofMillis(10));
        config.set(LookupOptions.MAX_RETRIES, 0);

        BatchOptions options = BatchOptions.fromConfig(config);

        assertThat(options.maxSize()).isEqualTo(500);
        assertThat(options.maxDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(options.retryPolicy().maxAttempts()).isEqualTo(1);
    }

    @Test
    void invalidValuesNameTheOption() {
        Configuration size = new Configuration();
        size.set(LookupCoreOptions.BATCH_MAX_SIZE, 0);
        assertThatThrownBy(() -> BatchOptions.fromConfig(size))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.batch.max-size'")
                .hasMessageContaining("0");

        Configuration delay = new Configuration();
        delay.set(LookupCoreOptions.BATCH_MAX_DELAY, Duration.ofMillis(-1));
        assertThatThrownBy(() -> BatchOptions.fromConfig(delay))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.batch.max-delay'");

        Configuration retries = new Configuration();
        retries.set(LookupOptions.MAX_RETRIES, -1);
        assertThatThrownBy(() -> BatchOptions.fromConfig(retries))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.max-retries'")
                .hasMessageContaining("-1");
    }

    @Test
    void zeroDelayIsAllowed() {
        assertThat(BatchOptions.builder().maxDelay(Duration.ZERO).build().maxDelay()).isZero();
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        BatchOptions options =
                BatchOptions.builder()
                        .maxSize(7)
                        .maxDelay(Duration.ofMillis(3))
                        .retryPolicy(RetryPolicy.of(2, Duration.ZERO, Duration.ofMillis(5)))
                        .build();

        BatchOptions copy =
                InstantiationUtil.deserializeObject(
                        InstantiationUtil.serializeObject(options), getClass().getClassLoader());

        assertThat(copy).isEqualTo(options).hasToString(options.toString());
    }
}
