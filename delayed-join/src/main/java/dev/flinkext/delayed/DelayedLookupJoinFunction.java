package dev.flinkext.delayed;

import dev.flinkext.lookup.config.DelayedRetryOptions.FinalMiss;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A lookup join whose misses wait in keyed state: a stream row whose key the dimension lacks is
 * parked under its key (a processing-time timer due after {@code lookup.delayed-retry.interval});
 * each due timer reads the key once, with any table's {@link LookupFunction}, for every row of the
 * key waiting. Found: each waiting row is joined with each dimension row, in arrival order. Still
 * missing after {@code max-attempts} re-reads: each gets the final-miss policy. While a key waits,
 * its new rows wait behind the old ones, so a key's rows leave in the order they came (updates and
 * deletes of one key stay in order).
 *
 * <p>Rows, attempt counts and timers are keyed state: on RocksDB a backlog larger than memory waits
 * on disk, and after a failover every row is still waiting with its attempt count. One store call
 * per due key is the blocking cost (the call runs on the task thread, as any sync lookup's).
 *
 * <p>Metrics: {@link DelayedJoinMetrics}.
 */
public final class DelayedLookupJoinFunction
        extends KeyedProcessFunction<RowData, RowData, RowData> {

    private static final long serialVersionUID = 1L;

    /** The state naming every key with rows waiting (the operator lists them at end of input). */
    static final String WAITING_COUNT = "waiting-count";

    private final LookupFunction lookup;
    private final RowType inputType;
    private final RowType keyType;
    private final int dimArity;
    private final DelayedJoinOptions options;
    @Nullable private final OutputTag<RowData> finalMisses;

    private transient ListState<RowData> waiting;
    private transient ValueState<Integer> waitingCount;
    private transient ValueState<Integer> reReads;
    private transient RowDataSerializer inputSerializer;
    private transient RowData.FieldGetter[] keyGetters;
    private transient DelayedJoinMetrics metrics;

    DelayedLookupJoinFunction(
            LookupFunction lookup,
            RowType inputType,
            RowType keyType,
            int dimArity,
            DelayedJoinOptions options,
            @Nullable OutputTag<RowData> finalMisses) {
        this.lookup = lookup;
        this.inputType = inputType;
        this.keyType = keyType;
        this.dimArity = dimArity;
        this.options = options;
        this.finalMisses = finalMisses;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        inputSerializer = new RowDataSerializer(inputType);
        waiting =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "waiting-rows", InternalTypeInfo.of(inputType)));
        waitingCount =
                getRuntimeContext().getState(new ValueStateDescriptor<>(WAITING_COUNT, Types.INT));
        reReads = getRuntimeContext().getState(new ValueStateDescriptor<>("re-reads", Types.INT));
        keyGetters = new RowData.FieldGetter[keyType.getFieldCount()];
        for (int i = 0; i < keyGetters.length; i++) {
            keyGetters[i] = RowData.createFieldGetter(keyType.getTypeAt(i), i);
        }
        metrics = new DelayedJoinMetrics(getRuntimeContext().getMetricGroup());
        lookup.open(new FunctionContext(getRuntimeContext()));
    }

    @Override
    public void processElement(RowData row, Context ctx, Collector<RowData> out) throws Exception {
        Integer count = waitingCount.value();
        if (count == null) { // the key waits for nothing: join now if the dimension has it
            Collection<RowData> found = lookup.lookup(keyOf(ctx.getCurrentKey()));
            if (found != null && !found.isEmpty()) {
                join(row, found, out);
                return;
            }
            count = 0;
            reReads.update(0);
            schedule(ctx, 1);
        }
        if (count >= options.maxWaitingRows()) {
            evictOldest(ctx, out);
            count--;
        }
        waiting.add(inputSerializer.copy(row));
        waitingCount.update(count + 1);
        metrics.parked();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out)
            throws Exception {
        if (reRead(ctx.getCurrentKey(), out, ctx::output)) {
            schedule(ctx, reReads.value() + 1);
        }
    }

    /**
     * One re-read of the current key for all its waiting rows: joins them if the dimension has the
     * key now, gives them their final miss after the last attempt.
     *
     * @return whether the key is to be read again
     */
    private boolean reRead(
            RowData key, Collector<RowData> out, BiConsumer<OutputTag<RowData>, RowData> sideOutput)
            throws Exception {
        if (waitingCount.value() == null) {
            return false; // nothing waits (a stale timer)
        }
        int attempt = reReads.value() + 1;
        reReads.update(attempt);
        Collection<RowData> found = lookup.lookup(keyOf(key));
        if (found != null && !found.isEmpty()) {
            List<RowData> rows = drain();
            for (RowData row : rows) {
                join(row, found, out);
            }
            metrics.joinedAfterRetry(rows.size());
            return false;
        }
        if (attempt < options.retry().maxAttempts()) {
            metrics.retried();
            return true;
        }
        List<RowData> rows = drain();
        for (RowData row : rows) {
            finalMiss(row, out, sideOutput);
        }
        metrics.finalMisses(rows.size());
        return false;
    }

    /**
     * End of a bounded input: the waiting keys' remaining re-reads, all keys in rounds (each round
     * waits the delay of the least-tried key's next re-read, then re-reads every key once), then
     * final misses. Blocking is fine here: no input is left to hold up.
     */
    void finishWaiting(
            List<RowData> keys,
            Consumer<RowData> setCurrentKey,
            Collector<RowData> out,
            BiConsumer<OutputTag<RowData>, RowData> sideOutput)
            throws Exception {
        List<RowData> left = new ArrayList<>(keys);
        while (!left.isEmpty()) {
            int leastTried = Integer.MAX_VALUE;
            for (RowData key : left) {
                setCurrentKey.accept(key);
                leastTried = Math.min(leastTried, reReads.value() == null ? 0 : reReads.value());
            }
            Thread.sleep(options.retry().delayBefore(leastTried + 1).toMillis());
            List<RowData> next = new ArrayList<>();
            for (RowData key : left) {
                setCurrentKey.accept(key);
                if (reRead(key, out, sideOutput)) {
                    next.add(key);
                }
            }
            left = next;
        }
    }

    /** Re-read {@code n} of the current key, due after its delay. */
    private void schedule(Context ctx, int n) {
        long now = ctx.timerService().currentProcessingTime();
        ctx.timerService()
                .registerProcessingTimeTimer(now + options.retry().delayBefore(n).toMillis());
    }

    private List<RowData> drain() throws Exception {
        List<RowData> rows = new ArrayList<>();
        Iterable<RowData> stored = waiting.get();
        if (stored != null) {
            stored.forEach(rows::add);
        }
        waiting.clear();
        waitingCount.clear();
        reReads.clear();
        return rows;
    }

    /** {@code max-waiting-rows} reached: the oldest row of the key takes its final miss now. */
    private void evictOldest(Context ctx, Collector<RowData> out) throws Exception {
        List<RowData> rows = new ArrayList<>();
        waiting.get().forEach(rows::add);
        RowData oldest = rows.remove(0);
        waiting.update(rows);
        metrics.evicted();
        finalMiss(oldest, out, ctx::output);
    }

    private void finalMiss(
            RowData row,
            Collector<RowData> out,
            BiConsumer<OutputTag<RowData>, RowData> sideOutput) {
        FinalMiss policy = options.retry().finalMiss();
        if (policy == FinalMiss.EMIT_NULL) {
            out.collect(new JoinedRowData(row.getRowKind(), row, new GenericRowData(dimArity)));
        } else if (policy == FinalMiss.SIDE_OUTPUT) {
            sideOutput.accept(finalMisses, row);
        } // DROP: counted, not emitted
    }

    private static void join(RowData row, Collection<RowData> found, Collector<RowData> out) {
        for (RowData dim : found) {
            out.collect(new JoinedRowData(row.getRowKind(), row, dim));
        }
    }

    /** The key as the lookup function expects it: a generic row of the key's values. */
    private RowData keyOf(RowData key) {
        GenericRowData generic = new GenericRowData(keyGetters.length);
        for (int i = 0; i < keyGetters.length; i++) {
            generic.setField(i, keyGetters[i].getFieldOrNull(key));
        }
        return generic;
    }

    @Override
    public void close() throws Exception {
        lookup.close();
    }
}
