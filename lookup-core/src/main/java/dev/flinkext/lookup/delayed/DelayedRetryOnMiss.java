package dev.flinkext.lookup.delayed;

import dev.flinkext.lookup.batch.ReadDecision;
import dev.flinkext.lookup.batch.ReadOutcomeHandler;
import dev.flinkext.lookup.config.DelayedRetryOptions;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.table.data.RowData;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * {@code lookup.delayed-retry.*} in every async lookup of the project: a key read with no row is
 * read again after the options' delay, up to {@code max-attempts} times, then answered with no row
 * ({@code emit-null}). The batcher schedules the re-read on its own scheduler thread and sends it
 * in whichever batch is open then, so nothing sleeps and many keys' re-reads share one store call;
 * until a key completes, Flink's async operator keeps its stream rows in its checkpointed state and
 * a PARTIAL cache stores nothing for it.
 *
 * <p>Metrics (group {@value #GROUP} under the lookup's): {@code numRetries} (re-reads scheduled),
 * {@code numFinalMisses} (keys answered with no row after their last re-read), {@code
 * joinedOnAttempt<n>} (keys found on re-read n); waiting keys are the batcher's {@code
 * pendingKeys}.
 */
public final class DelayedRetryOnMiss implements ReadOutcomeHandler {

    private static final long serialVersionUID = 1L;

    public static final String GROUP = "delayedRetry";

    private final DelayedRetryOptions options;

    private transient Counter retries;
    private transient Counter finalMisses;
    private transient Counter[] joinedOnAttempt;

    public DelayedRetryOnMiss(DelayedRetryOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public void open(MetricGroup lookupGroup) {
        MetricGroup group = lookupGroup.addGroup(GROUP);
        retries = group.counter("numRetries", new ThreadSafeSimpleCounter());
        finalMisses = group.counter("numFinalMisses", new ThreadSafeSimpleCounter());
        joinedOnAttempt = new Counter[options.maxAttempts() + 1];
        for (int n = 1; n <= options.maxAttempts(); n++) {
            joinedOnAttempt[n] =
                    group.counter("joinedOnAttempt" + n, new ThreadSafeSimpleCounter());
        }
    }

    @Override
    public ReadDecision onResult(RowData key, Collection<RowData> rows, int reads) {
        int reReads = reads - 1; // the first read is not a retry
        if (!rows.isEmpty()) {
            if (reReads > 0 && joinedOnAttempt != null) {
                joinedOnAttempt[reReads].inc();
            }
            return ReadDecision.complete();
        }
        if (reReads < options.maxAttempts()) {
            if (retries != null) {
                retries.inc();
            }
            return ReadDecision.rescheduleAfter(
                    alignedToTick(options.delayBefore(reReads + 1), System.nanoTime()));
        }
        if (finalMisses != null) {
            finalMisses.inc();
        }
        return ReadDecision.complete(); // emit-null: no row, as for any miss
    }

    /**
     * The delay, stretched so the re-read falls due on the next tick of the JVM's clock (a tenth of
     * the interval, 1 to 100 ms): keys missed at nearly the same time come due at the same instant
     * and fill whole batches, instead of trickling into small ones (and splitting the batches of
     * first reads). A re-read waits at most one tick longer than its delay.
     */
    Duration alignedToTick(Duration delay, long now) {
        long tick = tickNanos();
        long due = now + delay.toNanos();
        long aligned = Math.floorDiv(due + tick - 1, tick) * tick;
        return Duration.ofNanos(aligned - now);
    }

    private long tickNanos() {
        long tenth = options.delayBefore(1).toNanos() / 10;
        return Math.max(1_000_000L, Math.min(100_000_000L, tenth));
    }

    @Override
    public String toString() {
        return "DelayedRetryOnMiss" + options;
    }
}
