package dev.flinkext.lookup.config;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.connector.source.lookup.LookupOptions;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code lookup.delayed-retry.*}: how often and how long after a miss an async lookup reads the key
 * again ({@code max-attempts} re-reads, the n-th after {@code interval × backoff^(n-1)}, each at
 * most {@code max-interval}), and what a key still missing then gets.
 */
public final class DelayedRetryOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    static final int MAX_ATTEMPTS = 100;

    /** What a lookup answers for a key still missing after its last re-read. */
    public enum FinalMiss {
        EMIT_NULL("emit-null"),
        DROP("drop"),
        SIDE_OUTPUT("side-output");

        private final String value;

        FinalMiss(String value) {
            this.value = value;
        }

        /** The option's value; Flink matches enum options by it. */
        @Override
        public String toString() {
            return value;
        }
    }

    private final int maxAttempts;
    private final Duration interval;
    private final double backoff;
    @Nullable private final Duration maxInterval;
    private final FinalMiss finalMiss;

    private DelayedRetryOptions(
            int maxAttempts,
            Duration interval,
            double backoff,
            @Nullable Duration maxInterval,
            FinalMiss finalMiss) {
        this.maxAttempts = maxAttempts;
        this.interval = interval;
        this.backoff = backoff;
        this.maxInterval = maxInterval;
        this.finalMiss = finalMiss;
    }

    /**
     * The delayed retry a lookup source of this project runs for a table ({@link
     * #fromConfig(ReadableConfig)}), or null when {@code max-attempts} is 0, with what only the
     * state-backed delayed join can do refused.
     *
     * @param session the planning session (for {@code table.exec.async-lookup.timeout})
     * @throws ValidationException naming the options at fault: a sync lookup, a FULL cache, a total
     *     wait that does not fit under the async timeout, a final-miss policy a lookup function
     *     cannot honour, and every value {@link #fromConfig(ReadableConfig)} refuses
     */
    @Nullable
    public static DelayedRetryOptions forLookupSource(
            ReadableConfig config, ReadableConfig session) {
        DelayedRetryOptions options = fromConfig(config);
        if (options == null) {
            return null;
        }
        String attemptsKey = LookupCoreOptions.DELAYED_RETRY_MAX_ATTEMPTS.key();
        if (!config.get(LookupCoreOptions.ASYNC)) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' needs '%s' = 'true': a sync lookup could wait for a"
                                    + " missing dimension row only by blocking the task thread.",
                            attemptsKey, LookupCoreOptions.ASYNC.key()));
        }
        if (config.get(LookupOptions.CACHE_TYPE) == LookupOptions.LookupCacheType.FULL) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' cannot be combined with '%s' = 'FULL': a FULL cache"
                                    + " answers from its last load, not from the store, so a"
                                    + " re-read would see nothing new. Use 'PARTIAL' or 'NONE'.",
                            attemptsKey, LookupOptions.CACHE_TYPE.key()));
        }
        if (options.finalMiss != FinalMiss.EMIT_NULL) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' = '%s' is not possible in a lookup source: a lookup"
                                    + " function answers rows for a key, so it can neither drop"
                                    + " a LEFT JOIN's stream row nor write the row to another"
                                    + " table. Use 'emit-null' here (an inner join then drops"
                                    + " the row, a LEFT JOIN pads it with NULLs), or the"
                                    + " state-backed delayed join of flinkext-delayed-join.",
                            LookupCoreOptions.DELAYED_RETRY_FINAL_MISS.key(), options.finalMiss));
        }
        Duration timeout = session.get(ExecutionConfigOptions.TABLE_EXEC_ASYNC_LOOKUP_TIMEOUT);
        Duration budget = options.totalWait().plus(config.get(LookupCoreOptions.BATCH_MAX_DELAY));
        if (budget.compareTo(timeout) >= 0) {
            throw new ValidationException(
                    String.format(
                            "The delayed retry of this table waits up to %s for a missing key"
                                    + " (%d re-reads by '%s', '%s' and '%s'), plus '%s' = %s,"
                                    + " which does not fit under '%s' = %s: Flink would fail the"
                                    + " job when a key waits that long. Raise the timeout or"
                                    + " wait less.",
                            options.totalWait(),
                            options.maxAttempts,
                            LookupCoreOptions.DELAYED_RETRY_INTERVAL.key(),
                            LookupCoreOptions.DELAYED_RETRY_BACKOFF.key(),
                            LookupCoreOptions.DELAYED_RETRY_MAX_INTERVAL.key(),
                            LookupCoreOptions.BATCH_MAX_DELAY.key(),
                            config.get(LookupCoreOptions.BATCH_MAX_DELAY),
                            ExecutionConfigOptions.TABLE_EXEC_ASYNC_LOOKUP_TIMEOUT.key(),
                            timeout));
        }
        return options;
    }

    /**
     * Reads {@code lookup.delayed-retry.*} (both levels: lookup sources and the state-backed
     * delayed join); null when {@code max-attempts} is 0.
     *
     * @throws ValidationException naming the option of a value out of range
     */
    @Nullable
    public static DelayedRetryOptions fromConfig(ReadableConfig config) {
        int maxAttempts = config.get(LookupCoreOptions.DELAYED_RETRY_MAX_ATTEMPTS);
        if (maxAttempts == 0) {
            return null;
        }
        if (maxAttempts < 0 || maxAttempts > MAX_ATTEMPTS) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (0 to %d).",
                            LookupCoreOptions.DELAYED_RETRY_MAX_ATTEMPTS.key(),
                            maxAttempts,
                            MAX_ATTEMPTS));
        }
        Duration interval = config.get(LookupCoreOptions.DELAYED_RETRY_INTERVAL);
        if (interval.isNegative() || interval.isZero()) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s (must be positive).",
                            LookupCoreOptions.DELAYED_RETRY_INTERVAL.key(), interval));
        }
        double backoff = config.get(LookupCoreOptions.DELAYED_RETRY_BACKOFF);
        if (!(backoff >= 1.0 && backoff <= 100.0)) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s (1.0 to 100).",
                            LookupCoreOptions.DELAYED_RETRY_BACKOFF.key(), backoff));
        }
        Duration maxInterval =
                config.getOptional(LookupCoreOptions.DELAYED_RETRY_MAX_INTERVAL).orElse(null);
        if (maxInterval != null && maxInterval.compareTo(interval) < 0) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s (at least '%s' = %s).",
                            LookupCoreOptions.DELAYED_RETRY_MAX_INTERVAL.key(),
                            maxInterval,
                            LookupCoreOptions.DELAYED_RETRY_INTERVAL.key(),
                            interval));
        }
        return new DelayedRetryOptions(
                maxAttempts,
                interval,
                backoff,
                maxInterval,
                config.get(LookupCoreOptions.DELAYED_RETRY_FINAL_MISS));
    }

    /** Re-reads after the first miss. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before re-read {@code n} (1-based). */
    public Duration delayBefore(int n) {
        double nanos = interval.toNanos() * Math.pow(backoff, n - 1);
        long capped = (long) Math.min(nanos, Long.MAX_VALUE / 2.0);
        Duration delay = Duration.ofNanos(capped);
        return maxInterval != null && delay.compareTo(maxInterval) > 0 ? maxInterval : delay;
    }

    /** The longest a key waits in all: the sum of every re-read's delay. */
    public Duration totalWait() {
        Duration total = Duration.ZERO;
        for (int n = 1; n <= maxAttempts; n++) {
            total = total.plus(delayBefore(n));
        }
        return total;
    }

    public FinalMiss finalMiss() {
        return finalMiss;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DelayedRetryOptions)) {
            return false;
        }
        DelayedRetryOptions that = (DelayedRetryOptions) o;
        return maxAttempts == that.maxAttempts
                && Double.compare(backoff, that.backoff) == 0
                && interval.equals(that.interval)
                && Objects.equals(maxInterval, that.maxInterval)
                && finalMiss == that.finalMiss;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, interval, backoff, maxInterval, finalMiss);
    }

    @Override
    public String toString() {
        return "DelayedRetry{maxAttempts="
                + maxAttempts
                + ", interval="
                + interval
                + ", backoff="
                + backoff
                + ", maxInterval="
                + maxInterval
                + ", finalMiss="
                + finalMiss
                + "}";
    }
}
