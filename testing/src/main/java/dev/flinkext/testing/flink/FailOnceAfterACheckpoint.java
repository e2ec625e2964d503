package dev.flinkext.testing.flink;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes rows on until a checkpoint taken after {@code after} rows has completed, then fails once.
 * Rows are paced from then on, so that the checkpoint comes while splits are half read; chained to
 * the source, so the checkpoint holds the source's position at that row. One job at a time: the
 * counts are static, {@link #reset()} them before each.
 */
public final class FailOnceAfterACheckpoint extends RichMapFunction<RowData, RowData>
        implements CheckpointedFunction, CheckpointListener {
    public static final AtomicBoolean FAILED = new AtomicBoolean();
    public static final AtomicInteger SEEN = new AtomicInteger();
    public static final AtomicLong FIRST_CHECKPOINT_AFTER = new AtomicLong(Long.MAX_VALUE);
    public static final AtomicBoolean COMPLETED_AFTER = new AtomicBoolean();

    private final int after;

    public FailOnceAfterACheckpoint(int after) {
        this.after = after;
    }

    /**
     * Readies {@code env} for one failing job: up to 3 restarts 10 ms apart, parallelism 2, a
     * checkpoint every 50 ms, and the counts {@link #reset()}.
     */
    public static StreamExecutionEnvironment prepare(StreamExecutionEnvironment env) {
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restart.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
        env.configure(restart);
        env.setParallelism(2);
        env.enableCheckpointing(50);
        reset();
        return env;
    }

    public static void reset() {
        FAILED.set(false);
        SEEN.set(0);
        FIRST_CHECKPOINT_AFTER.set(Long.MAX_VALUE);
        COMPLETED_AFTER.set(false);
    }

    @Override
    public RowData map(RowData row) throws Exception {
        if (!FAILED.get() && SEEN.incrementAndGet() >= after) {
            if (COMPLETED_AFTER.get() && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("planned failure after " + SEEN.get());
            }
            Thread.sleep(2);
        }
        return row;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (SEEN.get() >= after) {
            FIRST_CHECKPOINT_AFTER.accumulateAndGet(context.getCheckpointId(), Math::min);
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (checkpointId >= FIRST_CHECKPOINT_AFTER.get()) {
            COMPLETED_AFTER.set(true);
        }
    }
}
