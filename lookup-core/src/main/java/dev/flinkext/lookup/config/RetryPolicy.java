package dev.flinkext.lookup.config;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.lookup.LookupOptions;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How often a failed lookup read is retried and how long to wait in between: {@code
 * lookup.max-retries} retries after the first attempt, with an exponential backoff that starts
 * small and is capped, so a lookup never stalls the job for long.
 *
 * <p>Shared by the sync and async lookup functions, so both retry the same way and report
 * exhaustion with the same message.
 */
public final class RetryPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Wait before the first retry; doubled for each further retry. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(20);

    /** Longest wait between two attempts, however many retries are allowed. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMillis(500);

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * A policy with explicit backoff bounds (tests and DataStream users; SQL users set only {@code
     * lookup.max-retries}).
     */
    public static RetryPolicy of(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
        checkMaxRetries(maxRetries);
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
        return new RetryPolicy(maxRetries, initialBackoff, maxBackoff);
    }

    /** {@code maxRetries} retries with the default backoff. */
    public static RetryPolicy of(int maxRetries) {
        return of(maxRetries, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** Reads {@link LookupOptions#MAX_RETRIES} (Flink's default: 3). */
    public static RetryPolicy fromConfig(ReadableConfig config) {
        return of(config.get(LookupOptions.MAX_RETRIES));
    }

    private static void checkMaxRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be 0 or more).",
                            LookupOptions.MAX_RETRIES.key(), maxRetries));
        }
    }

    public int maxRetries() {
        return maxRetries;
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
     * The error a lookup fails with once every attempt failed: names how many keys, how many
     * attempts, and the last cause (whose message names the store's host:port).
     */
    public IOException exhausted(int numKeys, int attempts, Throwable lastCause) {
        return new IOException(
                String.format(
                        "Lookup of %d key(s) failed after %d attempt(s) (%s = %d): %s",
                        numKeys, attempts, LookupOptions.MAX_RETRIES.key(), maxRetries, lastCause),
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
                && initialBackoff.equals(that.initialBackoff)
                && maxBackoff.equals(that.maxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRetries, initialBackoff, maxBackoff);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxRetries="
                + maxRetries
                + ", initialBackoff="
                + initialBackoff
                + ", maxBackoff="
                + maxBackoff
                + '}';
    }
}
