package dev.flinkext.connector.kudu.lookup;

/**
 * Chooses, per batch, between the two ways of reading a batch of keys, by what each has cost here
 * lately (nanoseconds per key, an exponentially weighted mean):
 *
 * <ul>
 *   <li>IN-lists ({@link KeyScanPlanner} with {@code lookup.in-list.max-size}): one scan per batch.
 *       On rows in disk row sets a tablet server answers it at about the cost of one point scan. On
 *       rows still in the MemRowSet it evaluates the predicate on every row between the batch's
 *       smallest and largest key, so its cost grows with the table (measured: 100 keys over 400 000
 *       rows, 94 ms as one IN-list vs 12 ms as 100 point scans in flight at once).
 *   <li>Point scans (the planner with an IN-list cap of 1): one scan per key, all at once.
 * </ul>
 *
 * Which part of a table is in memory is not known to the client and changes as the tablet servers
 * flush, so the reader measures: the first {@link #WARM_UP} batches read IN-lists, the next one
 * point scans; afterwards the cheaper way so far, and now and then the other one, to notice a
 * change. The interval between such trials doubles (from {@link #FIRST_TRIAL_INTERVAL} up to {@link
 * #MAX_TRIAL_INTERVAL} batches) while the trials lose, so a steady table pays little for them, and
 * starts over when the choice flips.
 *
 * <p>Only batches of at least {@link #MIN_KEYS} keys take part: below that both ways cost about the
 * same and the IN-list is read. Results do not depend on the choice, only the cost does.
 * Thread-safe: readAll may be called for several batches at once.
 */
final class ScanPlanChooser {

    /** Smaller batches are always read as IN-lists and not measured. */
    static final int MIN_KEYS = 8;

    /** Batches read as IN-lists before the first trial of point scans. */
    static final int WARM_UP = 4;

    static final int FIRST_TRIAL_INTERVAL = 16;
    static final int MAX_TRIAL_INTERVAL = 256;

    /** Weight of the newest cost in the mean. */
    private static final double ALPHA = 0.25;

    private double inListCost = Double.NaN;
    private double pointsCost = Double.NaN;
    private long batches;
    private long nextTrial = WARM_UP;
    private int trialInterval = FIRST_TRIAL_INTERVAL;
    private boolean preferPoints;

    /** Whether the next batch of {@code keys} keys should be read as point scans. */
    synchronized boolean pointsFor(int keys) {
        if (keys < MIN_KEYS) {
            return false;
        }
        long batch = batches++;
        if (batch >= nextTrial) {
            nextTrial = batch + trialInterval;
            trialInterval = Math.min(MAX_TRIAL_INTERVAL, trialInterval * 2);
            return !preferPoints; // a trial of the other way
        }
        return preferPoints;
    }

    /** What a batch read one way cost, in nanoseconds, for its number of keys. */
    synchronized void record(boolean points, long nanos, int keys) {
        if (keys < MIN_KEYS) {
            return;
        }
        double perKey = (double) nanos / keys;
        if (points) {
            pointsCost = Double.isNaN(pointsCost) ? perKey : mean(pointsCost, perKey);
        } else {
            inListCost = Double.isNaN(inListCost) ? perKey : mean(inListCost, perKey);
        }
        if (Double.isNaN(inListCost) || Double.isNaN(pointsCost)) {
            return;
        }
        boolean cheaper = pointsCost < inListCost;
        if (cheaper != preferPoints) {
            preferPoints = cheaper;
            trialInterval = FIRST_TRIAL_INTERVAL; // a change: check the other way soon again
            nextTrial = batches + trialInterval;
        }
    }

    /** For tests and logs: the way read when no trial is due. */
    synchronized boolean prefersPoints() {
        return preferPoints;
    }

    private static double mean(double old, double sample) {
        return old + ALPHA * (sample - old);
    }

    @Override
    public synchronized String toString() {
        return String.format(
                "ScanPlanChooser(in-list %.0f ns/key, points %.0f ns/key, %s)",
                inListCost, pointsCost, preferPoints ? "points" : "in-list");
    }
}
