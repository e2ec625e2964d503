package dev.flinkext.lookup.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.LookupOptions.ReloadStrategy;
import org.apache.flink.table.connector.source.lookup.cache.trigger.PeriodicCacheReloadTrigger;
import org.apache.flink.table.connector.source.lookup.cache.trigger.PeriodicCacheReloadTrigger.ScheduleMode;
import org.apache.flink.table.connector.source.lookup.cache.trigger.TimedCacheReloadTrigger;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FullCacheOptionsTest {

    private static FullCacheOptions parse(Map<String, String> options) {
        return FullCacheOptions.fromConfig(Configuration.fromMap(options));
    }

    @Test
    void periodicWithDefaults() {
        FullCacheOptions options =
                parse(Map.of("lookup.full-cache.periodic-reload.interval", "10 min"));
        assertThat(options.reloadStrategy()).isEqualTo(ReloadStrategy.PERIODIC);
        assertThat(options.periodicReloadInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.scheduleMode()).isEqualTo(ScheduleMode.FIXED_DELAY);
        assertThat(options.loadParallelism())
                .isEqualTo(LookupCoreOptions.FULL_CACHE_LOAD_PARALLELISM.defaultValue());
        assertThat(options.createReloadTrigger()).isInstanceOf(PeriodicCacheReloadTrigger.class);
    }

    @Test
    void periodicFixedRateAndParallelism() {
        FullCacheOptions options =
                parse(
                        Map.of(
                                "lookup.full-cache.reload-strategy", "PERIODIC",
                                "lookup.full-cache.periodic-reload.interval", "30 s",
                                "lookup.full-cache.periodic-reload.schedule-mode", "FIXED_RATE",
                                "lookup.full-cache.load-parallelism", "8"));
        assertThat(options.scheduleMode()).isEqualTo(ScheduleMode.FIXED_RATE);
        assertThat(options.loadParallelism()).isEqualTo(8);
    }

    @Test
    void periodicNeedsAPositiveInterval() {
        assertThatThrownBy(() -> parse(Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.full-cache.periodic-reload.interval' is required")
                .hasMessageContaining("'lookup.full-cache.reload-strategy' is PERIODIC");
        assertThatThrownBy(() -> parse(Map.of("lookup.full-cache.periodic-reload.interval", "0 s")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.full-cache.periodic-reload.interval'")
                .hasMessageContaining("greater than zero");
    }

    @Test
    void timedWithAndWithoutOffset() {
        FullCacheOptions utc =
                parse(
                        Map.of(
                                "lookup.full-cache.reload-strategy", "TIMED",
                                "lookup.full-cache.timed-reload.iso-time", "10:15Z",
                                "lookup.full-cache.timed-reload.interval-in-days", "2"));
        assertThat(utc.timedReloadIntervalInDays()).isEqualTo(2);
        assertThat(utc.createReloadTrigger()).isInstanceOf(TimedCacheReloadTrigger.class);

        FullCacheOptions local =
                parse(
                        Map.of(
                                "lookup.full-cache.reload-strategy", "TIMED",
                                "lookup.full-cache.timed-reload.iso-time", "03:00:30"));
        assertThat(local.timedReloadIntervalInDays()).isEqualTo(1);
        assertThat(local.createReloadTrigger()).isInstanceOf(TimedCacheReloadTrigger.class);
    }

    @Test
    void timedNeedsAValidTimeAndDays() {
        assertThatThrownBy(() -> parse(Map.of("lookup.full-cache.reload-strategy", "TIMED")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.full-cache.timed-reload.iso-time' is required");
        assertThatThrownBy(
                        () ->
                                parse(
                                        Map.of(
                                                "lookup.full-cache.reload-strategy", "TIMED",
                                                "lookup.full-cache.timed-reload.iso-time",
                                                        "quarter past ten")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'quarter past ten'")
                .hasMessageContaining("'lookup.full-cache.timed-reload.iso-time'");
        assertThatThrownBy(
                        () ->
                                parse(
                                        Map.of(
                                                "lookup.full-cache.reload-strategy", "TIMED",
                                                "lookup.full-cache.timed-reload.iso-time", "10:15",
                                                "lookup.full-cache.timed-reload.interval-in-days",
                                                        "0")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.full-cache.timed-reload.interval-in-days'");
    }

    @Test
    void loadParallelismMustBePositive() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        Map.of(
                                                "lookup.full-cache.periodic-reload.interval", "1 h",
                                                "lookup.full-cache.load-parallelism", "0")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.full-cache.load-parallelism'")
                .hasMessageContaining("at least 1");
    }

    @Test
    void serializationRoundTripAndToString() throws Exception {
        Configuration config = new Configuration();
        config.set(LookupOptions.FULL_CACHE_RELOAD_STRATEGY, ReloadStrategy.TIMED);
        config.set(LookupOptions.FULL_CACHE_TIMED_RELOAD_ISO_TIME, "10:15+07:00");
        FullCacheOptions options = FullCacheOptions.fromConfig(config);

        FullCacheOptions copy = InstantiationUtil.clone(options);
        assertThat(copy).isEqualTo(options).hasSameHashCodeAs(options);
        assertThat(copy)
                .hasToString(
                        "FullCacheOptions{TIMED at 10:15+07:00 every 1 day(s), load-parallelism=4}");
        assertThat(copy.createReloadTrigger()).isInstanceOf(TimedCacheReloadTrigger.class);
    }
}
