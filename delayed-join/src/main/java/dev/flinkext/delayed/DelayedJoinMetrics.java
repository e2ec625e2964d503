package dev.flinkext.delayed;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The state-backed delayed join's metrics (group {@value #GROUP}), the same for its DataStream and
 * its SQL face: {@code numRowsParked}, {@code numRetries} (re-reads), {@code numJoinedAfterRetry}
 * (rows), {@code numFinalMisses} (rows), {@code numEvicted} (rows past {@code max-waiting-rows}),
 * {@code rowsWaiting} (parked minus released by this subtask since it started; restored rows are
 * not counted).
 */
public final class DelayedJoinMetrics {

    public static final String GROUP = "delayedJoin";

    private final Counter parked;
    private final Counter retries;
    private final Counter joinedAfterRetry;
    private final Counter finalMisses;
    private final Counter evicted;
    private final AtomicLong rowsWaiting = new AtomicLong();

    public DelayedJoinMetrics(MetricGroup parent) {
        MetricGroup group = parent.addGroup(GROUP);
        parked = group.counter("numRowsParked");
        retries = group.counter("numRetries");
        joinedAfterRetry = group.counter("numJoinedAfterRetry");
        finalMisses = group.counter("numFinalMisses");
        evicted = group.counter("numEvicted");
        group.gauge("rowsWaiting", rowsWaiting::get);
    }

    public void parked() {
        parked.inc();
        rowsWaiting.incrementAndGet();
    }

    public void retried() {
        retries.inc();
    }

    public void joinedAfterRetry(int rows) {
        joinedAfterRetry.inc(rows);
        rowsWaiting.addAndGet(-rows);
    }

    /** Rows given their final miss after the last re-read. */
    public void finalMisses(int rows) {
        finalMisses.inc(rows);
        rowsWaiting.addAndGet(-rows);
    }

    /** One row past {@code max-waiting-rows}, given its final miss now. */
    public void evicted() {
        evicted.inc();
        finalMisses.inc();
        rowsWaiting.decrementAndGet();
    }
}
