package dev.flinkext.benchmarks.lookup;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to each stream row of one {@link DelayedRetryBenchmark} job, by row id: when it was
 * emitted ({@link EmitKeyFunction}, in the source's chain just before the lookup join), when its
 * late dimension row was written ({@link LateDimensionWriter}), when it came out of the join
 * ({@link ArrivalFunction}), how often, and with what. Static and in-process: the MiniCluster runs
 * in this JVM.
 */
final class LateRowLog {

    static final int NOT_ARRIVED = 0;
    static final int JOINED = 1;
    static final int MISSED = 2; // NULL from the LEFT JOIN
    static final int WRONG = 3;

    private static volatile LateRowLog current;

    final int rows;
    final int lateEvery;
    final AtomicLongArray emitNanos;
    final AtomicLongArray writeNanos;
    final AtomicLongArray arrivalNanos;
    final AtomicIntegerArray arrivals;
    final AtomicIntegerArray outcome;
    final LongAdder emitted = new LongAdder();
    final LongAdder arrived = new LongAdder();
    private final LateDimensionWriter writer;

    LateRowLog(int rows, int lateEvery, LateDimensionWriter writer) {
        this.rows = rows;
        this.lateEvery = lateEvery;
        this.emitNanos = new AtomicLongArray(rows);
        this.writeNanos = new AtomicLongArray(rows);
        this.arrivalNanos = new AtomicLongArray(rows);
        this.arrivals = new AtomicIntegerArray(rows);
        this.outcome = new AtomicIntegerArray(rows);
        this.writer = writer;
    }

    static void install(LateRowLog log) {
        current = log;
    }

    static LateRowLog current() {
        LateRowLog log = current;
        if (log == null) {
            throw new IllegalStateException("no LateRowLog installed");
        }
        return log;
    }

    /**
     * Every lateEvery-th row (id % lateEvery == lateEvery / 2) reaches the join before its
     * dimension row.
     */
    boolean isLate(long id) {
        return id % lateEvery == lateEvery / 2;
    }

    void emit(long id) {
        long now = System.nanoTime();
        emitNanos.set((int) id, now);
        emitted.increment();
        if (isLate(id)) {
            writer.schedule(id, now);
        }
    }

    void arrive(long id, String v) {
        arrivalNanos.set((int) id, System.nanoTime());
        arrivals.incrementAndGet((int) id);
        int result = v == null ? MISSED : v.equals("v-" + id) ? JOINED : WRONG;
        outcome.set((int) id, result);
        arrived.increment();
    }

    /** Rows emitted but not out of the join yet: what the join holds (and in-flight ones). */
    long inJoin() {
        return emitted.sum() - arrived.sum();
    }
}
