package dev.flinkext.delayed;

import dev.flinkext.lookup.config.DelayedRetryOptions;
import dev.flinkext.lookup.config.LookupCoreOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;

/**
 * The state-backed delayed join's options: the lookup sources' {@code lookup.delayed-retry.*} (one
 * set for both levels; every final-miss policy is possible here) plus the bound on the rows one key
 * may keep waiting.
 */
public final class DelayedJoinOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final ConfigOption<Integer> MAX_WAITING_ROWS =
            ConfigOptions.key("lookup.delayed-retry.max-waiting-rows")
                    .intType()
                    .defaultValue(1000)
                    .withDescription(
                            "State-backed delayed join: the most stream rows one key keeps"
                                    + " waiting for its dimension row. A row beyond it makes the"
                                    + " oldest waiting row of that key take its final miss now"
                                    + " (lookup.delayed-retry.final-miss), counted in"
                                    + " numEvicted: state stays bounded per key, and no row is"
                                    + " lost without its policy.");

    private final DelayedRetryOptions retry;
    private final int maxWaitingRows;

    private DelayedJoinOptions(DelayedRetryOptions retry, int maxWaitingRows) {
        this.retry = retry;
        this.maxWaitingRows = maxWaitingRows;
    }

    /**
     * @throws ValidationException naming the option of a value out of range, or when {@code
     *     lookup.delayed-retry.max-attempts} is 0 (a delayed join that never retries)
     */
    public static DelayedJoinOptions fromConfig(ReadableConfig config) {
        DelayedRetryOptions retry = DelayedRetryOptions.fromConfig(config);
        if (retry == null) {
            throw new ValidationException(
                    String.format(
                            "A delayed join needs '%s' of at least 1.",
                            LookupCoreOptions.DELAYED_RETRY_MAX_ATTEMPTS.key()));
        }
        int maxWaitingRows = config.get(MAX_WAITING_ROWS);
        if (maxWaitingRows < 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (at least 1).",
                            MAX_WAITING_ROWS.key(), maxWaitingRows));
        }
        return new DelayedJoinOptions(retry, maxWaitingRows);
    }

    public DelayedRetryOptions retry() {
        return retry;
    }

    public int maxWaitingRows() {
        return maxWaitingRows;
    }

    @Override
    public String toString() {
        return "DelayedJoinOptions{" + retry + ", maxWaitingRows=" + maxWaitingRows + "}";
    }
}
