package dev.flinkext.connector.kudu.source;

import org.apache.kudu.client.AsyncKuduClient;

import java.io.Serializable;

/**
 * How far a split was read, exact enough to resume it after a failover with nothing lost or
 * repeated.
 *
 * <ul>
 *   <li>{@link Phase#SNAPSHOT}: the tablet's rows at hybrid time {@code timestamp} ({@link
 *       #NO_TIMESTAMP} until the first read fixes it), of which the first {@code emitted} are out.
 *       A fault-tolerant scan returns them in primary-key order, so a scan opened again at that
 *       time returns the same rows in the same order.
 *   <li>{@link Phase#CHANGES} (continuous mode): every change up to {@code timestamp} is out; if
 *       {@code windowEnd} is set, the first {@code emitted} changelog rows of the changes in
 *       ({@code timestamp}, {@code windowEnd}] are out too. A diff scan of the same window returns
 *       the same rows in key order, and the before-images read at {@code timestamp} are the same,
 *       so the window's changelog is the same again.
 * </ul>
 *
 * @param phase what is being read
 * @param timestamp the snapshot time, or the time up to which all changes are out
 * @param emitted rows emitted of the snapshot or of the open window
 * @param windowEnd the end of the open window of changes, or {@link #NO_TIMESTAMP}
 */
public record KuduSplitPosition(Phase phase, long timestamp, long emitted, long windowEnd)
        implements Serializable {

    public static final long NO_TIMESTAMP = AsyncKuduClient.NO_TIMESTAMP;

    public static final KuduSplitPosition START =
            new KuduSplitPosition(Phase.SNAPSHOT, NO_TIMESTAMP, 0, NO_TIMESTAMP);

    /** What a split is reading. */
    public enum Phase {
        /** The rows at one hybrid time. */
        SNAPSHOT,
        /** The changes after a hybrid time (continuous mode). */
        CHANGES
    }

    public KuduSplitPosition {
        if (emitted < 0) {
            throw new IllegalArgumentException("Negative count of emitted rows: " + emitted);
        }
    }

    /** All changes up to {@code timestamp} out, no window open. */
    public static KuduSplitPosition changesAfter(long timestamp) {
        return new KuduSplitPosition(Phase.CHANGES, timestamp, 0, NO_TIMESTAMP);
    }

    public boolean windowOpen() {
        return windowEnd != NO_TIMESTAMP;
    }

    @Override
    public String toString() {
        return phase == Phase.SNAPSHOT
                ? "snapshot@" + timestamp + " emitted=" + emitted
                : "changes@"
                        + timestamp
                        + (windowOpen() ? ".." + windowEnd + " emitted=" + emitted : "");
    }
}
