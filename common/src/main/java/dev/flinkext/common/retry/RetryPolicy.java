package dev.flinkext.common.retry;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How often a failed store call is retried and how long to wait in between: {@code maxRetries}
 * retries after the first attempt, with an exponential backoff that starts small and is
 * <b>capped</b>, so no retry ever waits longer than {@link #maxBackoff()}, however many retries are
 * allowed.
 *
 * <p>One policy for every read and write of this project: lookups ({@code lookup.max-retries}) and
 * sinks ({@code sink.max-retries}) retry the same way and report exhaustion with the same message,
 * which names the option that bounds the retries.
 */
public final class RetryPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Wait before the first retry; doubled for each further retry. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(20);

    /** Longest wait between two attempts, however many retries are allowed. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMillis(500);

    /** The option named in messages when a policy was built in code rather than from options. */
    static final String UNNAMED_OPTION = "max-retries";

    private final String maxRetriesOption;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private RetryPolicy(
            String maxRetriesOption, int maxRetries, Duration initialBackoff, Duration maxBackoff) {
        this.maxRetriesOption = maxRetriesOption;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * A policy with explicit backoff bounds (DataStream users and tests; SQL users set the
     * connector's {@code *.max-retries} option).
     *
     * @throws IllegalArgumentException if a bound is negative or the cap is below the start
     */
    public static RetryPolicy of(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
        checkMaxRetries(UNNAMED_OPTION, maxRetries);
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException(
                    "Retry backoff must not be negative: initial "
                            + initialBackoff
                            + ", max "
                            + maxBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "Retry max backoff " + maxBackoff + " is below initial " + initialBackoff);
        }
        return new RetryPolicy(UNNAMED_OPTION, maxRetries, initialBackoff, maxBackoff);
    }

    /** {@code maxRetries} retries with the default backoff. */
    public static RetryPolicy of(int maxRetries) {
        return of(maxRetries, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /**
     * Reads {@code maxRetriesOption} from {@code config}, with the default backoff.
     *
     * @throws ValidationException naming the option if its value is negative
     */
    public static RetryPolicy fromConfig(
            ReadableConfig config, ConfigOption<Integer> maxRetriesOption) {
        int maxRetries = config.get(maxRetriesOption);
        checkMaxRetries(maxRetriesOption.key(), maxRetries);
        return of(maxRetries).forOption(maxRetriesOption.key());
    }

    /** The same policy, naming {@code optionKey} as the bound in its messages. */
    public RetryPolicy forOption(String optionKey) {
        return new RetryPolicy(
                Objects.requireNonNull(optionKey, "optionKey"),
                maxRetries,
                initialBackoff,
                maxBackoff);
    }

    private static void checkMaxRetries(String option, int maxRetries) {
        if (maxRetries < 0) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be 0 or more).",
                            option, maxRetries));
        }
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The option that sets {@link #maxRetries()}, as messages name it. */
    public String maxRetriesOption() {
        return maxRetriesOption;
    }

    /** The first attempt plus the retries. */
    public int maxAttempts() {
        return maxRetries + 1;
    }

    /** Whether another attempt may follow {@code attemptsSoFar} failed ones. */
    public boolean canRetryAfter(int attemptsSoFar) {
        return attemptsSoFar < maxAttempts();
    }

    /**
     * How long to wait before retry number {@code retry} (1 for the first retry): the initial
     * backoff doubled per earlier retry, never more than the maximum.
     */
    public Duration backoffBefore(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("Retries are numbered from 1: " + retry);
        }
        // Shifting past ~30 would overflow; long before that the cap applies.
        long factor = 1L << Math.min(retry - 1, 30);
        long nanos = saturatedMultiply(initialBackoff.toNanos(), factor);
        return nanos >= maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos(nanos);
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    /**
     * The error an operation fails with once every attempt failed: names the operation, how many
     * attempts, the option that bounds them, and the last cause (whose message names the store's
     * host:port).
     *
     * @param operation what failed, e.g. "Lookup of 42 key(s)" or "Write of 500 row(s) to t"
     */
    public IOException exhausted(String operation, int attempts, Throwable lastCause) {
        return new IOException(
                String.format(
                        "%s failed after %d attempt(s) ('%s' = %d): %s",
                        operation, attempts, maxRetriesOption, maxRetries, lastCause),
                lastCause);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RetryPolicy)) {
            return false;
        }
        RetryPolicy that = (RetryPolicy) o;
        return maxRetries == that.maxRetries
                && maxRetriesOption.equals(that.maxRetriesOption)
                && initialBackoff.equals(that.initialBackoff)
                && maxBackoff.equals(that.maxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRetriesOption, maxRetries, initialBackoff, maxBackoff);
    }

    @Override
    public String toString() {
        return "RetryPolicy{"
                + maxRetriesOption
                + "="
                + maxRetries
                + ", initialBackoff="
                + initialBackoff
                + ", maxBackoff="
                + maxBackoff
                + '}';
    }
}
