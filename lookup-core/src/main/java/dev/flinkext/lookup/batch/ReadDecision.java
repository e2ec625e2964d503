package dev.flinkext.lookup.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link BatchingAsyncLookupFunction} does with a key's read result: complete the waiting
 * lookups now, or read the key again after a delay (e.g. a miss that the row may soon fill).
 */
public final class ReadDecision {

    private static final ReadDecision COMPLETE = new ReadDecision(null);

    private final Duration rescheduleDelay;

    private ReadDecision(Duration rescheduleDelay) {
        this.rescheduleDelay = rescheduleDelay;
    }

    /** Complete every lookup waiting for the key with the rows just read. */
    public static ReadDecision complete() {
        return COMPLETE;
    }

    /**
     * Read the key again after {@code delay}, in whichever batch is open then; the lookups waiting
     * for it keep waiting.
     */
    public static ReadDecision rescheduleAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Reschedule delay must not be negative: " + delay);
        }
        return new ReadDecision(delay);
    }

    public boolean isComplete() {
        return rescheduleDelay == null;
    }

    /** The delay before the key is read again; only for a reschedule. */
    public Duration rescheduleDelay() {
        if (rescheduleDelay == null) {
            throw new IllegalStateException("A 'complete' decision has no reschedule delay");
        }
        return rescheduleDelay;
    }

    @Override
    public String toString() {
        return isComplete() ? "complete" : "rescheduleAfter(" + rescheduleDelay + ")";
    }
}
