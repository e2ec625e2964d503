package dev.flinkext.common.retry;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void backoffDoublesFromTheInitialValueUpToTheCap() {
        RetryPolicy policy = RetryPolicy.of(10, Duration.ofMillis(20), Duration.ofMillis(100));

        assertThat(policy.backoffBefore(1)).isEqualTo(Duration.ofMillis(20));
        assertThat(policy.backoffBefore(2)).isEqualTo(Duration.ofMillis(40));
        assertThat(policy.backoffBefore(3)).isEqualTo(Duration.ofMillis(80));
        assertThat(policy.backoffBefore(4)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoffBefore(1000)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void defaultBackoffIsSmallAndCapped() {
        RetryPolicy policy = RetryPolicy.of(3);

        assertThat(policy.backoffBefore(1)).isEqualTo(RetryPolicy.DEFAULT_INITIAL_BACKOFF);
        assertThat(policy.backoffBefore(64)).isEqualTo(RetryPolicy.DEFAULT_MAX_BACKOFF);
    }

    @Test
    void countsAttempts() {
        RetryPolicy policy = RetryPolicy.of(2);

        assertThat(policy.maxAttempts()).isEqualTo(3);
        assertThat(policy.canRetryAfter(2)).isTrue();
        assertThat(policy.canRetryAfter(3)).isFalse();
        assertThat(RetryPolicy.of(0).canRetryAfter(1)).isFalse();
    }

    @Test
    void exhaustionNamesKeysAttemptsAndCause() {
        ConnectException cause = new ConnectException("Connection refused: redis-1:6379");

        IOException error =
                RetryPolicy.of(3)
                        .forOption("lookup.max-retries")
                        .exhausted("Lookup of 42 key(s)", 4, cause);

        assertThat(error)
                .hasMessage(
                        "Lookup of 42 key(s) failed after 4 attempt(s) ('lookup.max-retries' = 3):"
                                + " java.net.ConnectException: Connection refused: redis-1:6379")
                .hasCause(cause);
    }

    @Test
    void readsTheNamedOptionAndRefusesNegativeValuesNamingIt() {
        ConfigOption<Integer> option =
                ConfigOptions.key("sink.max-retries").intType().defaultValue(3);
        Configuration config = new Configuration();
        config.set(option, 5);

        RetryPolicy policy = RetryPolicy.fromConfig(config, option);

        assertThat(policy.maxRetries()).isEqualTo(5);
        assertThat(policy.maxRetriesOption()).isEqualTo("sink.max-retries");
        config.set(option, -1);
        assertThatThrownBy(() -> RetryPolicy.fromConfig(config, option))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'sink.max-retries'")
                .hasMessageContaining("-1");
    }

    @Test
    void manyRetriesNeverWaitLongerThanTheCap() {
        RetryPolicy policy = RetryPolicy.of(15, Duration.ofMillis(100), Duration.ofSeconds(5));

        Duration total = Duration.ZERO;
        for (int retry = 1; retry <= policy.maxRetries(); retry++) {
            assertThat(policy.backoffBefore(retry)).isLessThanOrEqualTo(Duration.ofSeconds(5));
            total = total.plus(policy.backoffBefore(retry));
        }
        // 100+200+...+3200 ms (six retries), then nine waits at the 5 s cap
        assertThat(total).isEqualTo(Duration.ofMillis(6300).plus(Duration.ofSeconds(45)));
    }

    @Test
    void equalityIncludesTheNamedOption() {
        assertThat(RetryPolicy.of(3)).isEqualTo(RetryPolicy.of(3));
        assertThat(RetryPolicy.of(3).forOption("a")).isNotEqualTo(RetryPolicy.of(3).forOption("b"));
    }

    @Test
    void rejectsInvalidBounds() {
        assertThatThrownBy(() -> RetryPolicy.of(1, Duration.ofMillis(10), Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.of(1, Duration.ofMillis(-1), Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.of(3).backoffBefore(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
