package dev.flinkext.lookup.config;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.lookup.LookupOptions.ReloadStrategy;
import org.apache.flink.table.connector.source.lookup.cache.trigger.CacheReloadTrigger;
import org.apache.flink.table.connector.source.lookup.cache.trigger.PeriodicCacheReloadTrigger;
import org.apache.flink.table.connector.source.lookup.cache.trigger.PeriodicCacheReloadTrigger.ScheduleMode;
import org.apache.flink.table.connector.source.lookup.cache.trigger.TimedCacheReloadTrigger;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Objects;

import static org.apache.flink.table.connector.source.lookup.LookupOptions.FULL_CACHE_PERIODIC_RELOAD_INTERVAL;
import static org.apache.flink.table.connector.source.lookup.LookupOptions.FULL_CACHE_PERIODIC_RELOAD_SCHEDULE_MODE;
import static org.apache.flink.table.connector.source.lookup.LookupOptions.FULL_CACHE_RELOAD_STRATEGY;
import static org.apache.flink.table.connector.source.lookup.LookupOptions.FULL_CACHE_TIMED_RELOAD_INTERVAL_IN_DAYS;
import static org.apache.flink.table.connector.source.lookup.LookupOptions.FULL_CACHE_TIMED_RELOAD_ISO_TIME;

/**
 * The FULL cache's settings: Flink's standard {@code lookup.full-cache.*} reload options plus
 * {@link LookupCoreOptions#FULL_CACHE_LOAD_PARALLELISM}. Validated once, at planning time, so that
 * a bad value fails the {@code CREATE TABLE}/query with the option's name instead of a task.
 */
public final class FullCacheOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ReloadStrategy reloadStrategy;
    private final @Nullable Duration periodicReloadInterval;
    private final ScheduleMode scheduleMode;
    private final @Nullable String timedReloadIsoTime;
    private final int timedReloadIntervalInDays;
    private final int loadParallelism;

    private FullCacheOptions(
            ReloadStrategy reloadStrategy,
            @Nullable Duration periodicReloadInterval,
            ScheduleMode scheduleMode,
            @Nullable String timedReloadIsoTime,
            int timedReloadIntervalInDays,
            int loadParallelism) {
        this.reloadStrategy = reloadStrategy;
        this.periodicReloadInterval = periodicReloadInterval;
        this.scheduleMode = scheduleMode;
        this.timedReloadIsoTime = timedReloadIsoTime;
        this.timedReloadIntervalInDays = timedReloadIntervalInDays;
        this.loadParallelism = loadParallelism;
    }

    /**
     * Reads and validates the FULL cache options of a table.
     *
     * @throws ValidationException naming the option whose value is missing or invalid
     */
    public static FullCacheOptions fromConfig(ReadableConfig config) {
        ReloadStrategy strategy = config.get(FULL_CACHE_RELOAD_STRATEGY);
        Duration interval = config.getOptional(FULL_CACHE_PERIODIC_RELOAD_INTERVAL).orElse(null);
        String isoTime = config.getOptional(FULL_CACHE_TIMED_RELOAD_ISO_TIME).orElse(null);
        int days = config.get(FULL_CACHE_TIMED_RELOAD_INTERVAL_IN_DAYS);
        int parallelism = config.get(LookupCoreOptions.FULL_CACHE_LOAD_PARALLELISM);

        if (parallelism < 1) {
            throw invalid(
                    LookupCoreOptions.FULL_CACHE_LOAD_PARALLELISM.key(),
                    parallelism,
                    "must be at least 1");
        }
        switch (strategy) {
            case PERIODIC:
                if (interval == null) {
                    throw new ValidationException(
                            String.format(
                                    "Option '%s' is required when '%s' is %s.",
                                    FULL_CACHE_PERIODIC_RELOAD_INTERVAL.key(),
                                    FULL_CACHE_RELOAD_STRATEGY.key(),
                                    ReloadStrategy.PERIODIC));
                }
                if (interval.isZero() || interval.isNegative()) {
                    throw invalid(
                            FULL_CACHE_PERIODIC_RELOAD_INTERVAL.key(),
                            interval,
                            "must be greater than zero");
                }
                break;
            case TIMED:
                if (isoTime == null) {
                    throw new ValidationException(
                            String.format(
                                    "Option '%s' is required when '%s' is %s.",
                                    FULL_CACHE_TIMED_RELOAD_ISO_TIME.key(),
                                    FULL_CACHE_RELOAD_STRATEGY.key(),
                                    ReloadStrategy.TIMED));
                }
                parseIsoTime(isoTime);
                if (days < 1) {
                    throw invalid(
                            FULL_CACHE_TIMED_RELOAD_INTERVAL_IN_DAYS.key(),
                            days,
                            "must be at least 1");
                }
                break;
            default:
                throw new ValidationException(
                        "Unsupported '" + FULL_CACHE_RELOAD_STRATEGY.key() + "': " + strategy);
        }
        return new FullCacheOptions(
                strategy,
                interval,
                config.get(FULL_CACHE_PERIODIC_RELOAD_SCHEDULE_MODE),
                isoTime,
                days,
                parallelism);
    }

    /**
     * A new instance of Flink's own trigger for the configured strategy ({@link
     * PeriodicCacheReloadTrigger} or {@link TimedCacheReloadTrigger}). Both fire once right when
     * they are opened; the FULL cache merges that with its own first load.
     */
    public CacheReloadTrigger createReloadTrigger() {
        if (reloadStrategy == ReloadStrategy.PERIODIC) {
            return new PeriodicCacheReloadTrigger(periodicReloadInterval, scheduleMode);
        }
        TemporalAccessor time = parseIsoTime(timedReloadIsoTime);
        return time instanceof OffsetTime
                ? new TimedCacheReloadTrigger((OffsetTime) time, timedReloadIntervalInDays)
                : new TimedCacheReloadTrigger((LocalTime) time, timedReloadIntervalInDays);
    }

    // Same parsing as Flink's TimedCacheReloadTrigger.fromConfig: with offset, or JVM-local time.
    private static TemporalAccessor parseIsoTime(String isoTime) {
        try {
            return DateTimeFormatter.ISO_TIME.parseBest(isoTime, OffsetTime::from, LocalTime::from);
        } catch (DateTimeParseException e) {
            throw new ValidationException(
                    String.format(
                            "Invalid value '%s' for option '%s': expected an ISO-8601 time such as"
                                    + " '10:15' (JVM time zone), '10:15Z' or '10:15+07:00'.",
                            isoTime, FULL_CACHE_TIMED_RELOAD_ISO_TIME.key()),
                    e);
        }
    }

    private static ValidationException invalid(String key, Object value, String rule) {
        return new ValidationException(
                String.format("Invalid value '%s' for option '%s': %s.", value, key, rule));
    }

    public ReloadStrategy reloadStrategy() {
        return reloadStrategy;
    }

    /** Set when the strategy is PERIODIC. */
    public @Nullable Duration periodicReloadInterval() {
        return periodicReloadInterval;
    }

    public ScheduleMode scheduleMode() {
        return scheduleMode;
    }

    /** Set when the strategy is TIMED. */
    public @Nullable String timedReloadIsoTime() {
        return timedReloadIsoTime;
    }

    public int timedReloadIntervalInDays() {
        return timedReloadIntervalInDays;
    }

    /** How many splits are read at once during a (re)load. */
    public int loadParallelism() {
        return loadParallelism;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FullCacheOptions)) {
            return false;
        }
        FullCacheOptions that = (FullCacheOptions) o;
        return timedReloadIntervalInDays == that.timedReloadIntervalInDays
                && loadParallelism == that.loadParallelism
                && reloadStrategy == that.reloadStrategy
                && Objects.equals(periodicReloadInterval, that.periodicReloadInterval)
                && scheduleMode == that.scheduleMode
                && Objects.equals(timedReloadIsoTime, that.timedReloadIsoTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                reloadStrategy,
                periodicReloadInterval,
                scheduleMode,
                timedReloadIsoTime,
                timedReloadIntervalInDays,
                loadParallelism);
    }

    @Override
    public String toString() {
        return reloadStrategy == ReloadStrategy.PERIODIC
                ? String.format(
                        "FullCacheOptions{PERIODIC every %s (%s), load-parallelism=%d}",
                        periodicReloadInterval, scheduleMode, loadParallelism)
                : String.format(
                        "FullCacheOptions{TIMED at %s every %d day(s), load-parallelism=%d}",
                        timedReloadIsoTime, timedReloadIntervalInDays, loadParallelism);
    }
}
