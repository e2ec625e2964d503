package dev.flinkext.lookup.delayed;

import dev.flinkext.lookup.config.DelayedRetryOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelayedRetryOptionsTest {

    private static DelayedRetryOptions parse(String... keyValues) {
        return parse(new Configuration(), keyValues);
    }

    private static DelayedRetryOptions parse(Configuration session, String... keyValues) {
        Map<String, String> options = new HashMap<>();
        options.put("lookup.async", "true");
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return DelayedRetryOptions.forLookupSource(Configuration.fromMap(options), session);
    }

    @Test
    void offUnlessMaxAttemptsIsSet() {
        assertThat(parse()).isNull();
    }

    @Test
    void delaysGrowByTheBackoffUpToTheCap() {
        DelayedRetryOptions options =
                parse(
                        "lookup.delayed-retry.max-attempts", "5",
                        "lookup.delayed-retry.interval", "100 ms",
                        "lookup.delayed-retry.backoff", "2",
                        "lookup.delayed-retry.max-interval", "500 ms",
                        "lookup.delayed-retry.final-miss", "emit-null");
        assertThat(options.delayBefore(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(options.delayBefore(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(options.delayBefore(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(options.delayBefore(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(options.totalWait()).isEqualTo(Duration.ofMillis(100 + 200 + 400 + 500 + 500));
        assertThat(options.finalMiss()).isEqualTo(DelayedRetryOptions.FinalMiss.EMIT_NULL);
    }

    @Test
    void refusesASyncLookupAFullCacheAndPoliciesALookupCannotHonour() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        "lookup.async", "false",
                                        "lookup.delayed-retry.max-attempts", "3"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.delayed-retry.max-attempts' needs 'lookup.async'");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "lookup.cache", "FULL",
                                        "lookup.delayed-retry.max-attempts", "3"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.cache' = 'FULL'");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "lookup.delayed-retry.max-attempts", "3",
                                        "lookup.delayed-retry.final-miss", "side-output"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.delayed-retry.final-miss' = 'side-output'");
        assertThatThrownBy(() -> parse("lookup.delayed-retry.max-attempts", "101"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.delayed-retry.max-attempts': 101");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "lookup.delayed-retry.max-attempts", "3",
                                        "lookup.delayed-retry.backoff", "0.5"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.delayed-retry.backoff'");
    }

    @Test
    void theTotalWaitMustFitUnderTheAsyncTimeout() {
        Configuration session = new Configuration();
        session.setString("table.exec.async-lookup.timeout", "10 s");
        assertThat(
                        parse(
                                session,
                                "lookup.delayed-retry.max-attempts",
                                "9",
                                "lookup.delayed-retry.interval",
                                "1 s"))
                .isNotNull();
        assertThatThrownBy(
                        () ->
                                parse(
                                        session,
                                        "lookup.delayed-retry.max-attempts",
                                        "10",
                                        "lookup.delayed-retry.interval",
                                        "1 s"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("waits up to PT10S")
                .hasMessageContaining("'table.exec.async-lookup.timeout' = PT10S");
    }
}
