package dev.flinkext.benchmarks.lookup;

import java.util.Arrays;

/**
 * One job of {@link DelayedRetryBenchmark}: what came out of the join for the on-time and the late
 * rows, how fast the on-time rows went, how long after its dimension row was written each late row
 * came out joined, and the most rows/keys the join held at once.
 *
 * @param onTimePerSecond on-time rows out / (last on-time row out - first row emitted)
 * @param lateLatencyMillis sorted: output time - dimension write time, of every late row joined
 * @param maxInJoin most rows emitted but not out yet (sampled every 10 ms): what the join held
 * @param maxPendingKeys most keys in lookup-core's {@code pendingKeys} gauges (async lookups only)
 * @param capped the job hit the time cap and was cancelled: rows not out count as not arrived
 */
record DelayedRetryRun(
        String label,
        int rows,
        int onTime,
        int late,
        long onTimeJoined,
        long onTimeMissed,
        long lateJoined,
        long lateMissed,
        long notArrived,
        long duplicates,
        long wrong,
        double onTimePerSecond,
        double[] lateLatencyMillis,
        long maxInJoin,
        long maxPendingKeys,
        long retries,
        long finalMisses,
        long redisCommands,
        long redisKeysRead,
        long netMillis,
        boolean capped) {

    double latencyPercentile(double p) {
        if (lateLatencyMillis.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * lateLatencyMillis.length) - 1;
        return lateLatencyMillis[Math.max(0, Math.min(i, lateLatencyMillis.length - 1))];
    }

    boolean correct() {
        return duplicates == 0 && wrong == 0 && onTimeMissed == 0 && (capped || notArrived == 0);
    }

    /** The late rows' latencies of several runs together, sorted. */
    static double[] pooled(Iterable<DelayedRetryRun> runs) {
        double[] all = new double[0];
        for (DelayedRetryRun run : runs) {
            double[] next = Arrays.copyOf(all, all.length + run.lateLatencyMillis.length);
            System.arraycopy(
                    run.lateLatencyMillis, 0, next, all.length, run.lateLatencyMillis.length);
            all = next;
        }
        Arrays.sort(all);
        return all;
    }
}
