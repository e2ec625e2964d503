package dev.flinkext.delayed.sql;

import dev.flinkext.delayed.DelayedJoinMetrics;
import dev.flinkext.lookup.config.DelayedRetryOptions.FinalMiss;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.dataview.ListView;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.types.inference.StateTypeStrategy;
import org.apache.flink.table.types.inference.StaticArgument;
import org.apache.flink.table.types.inference.StaticArgumentTrait;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;
import org.apache.flink.types.ColumnList;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The state-backed delayed join from plain SQL, as a process table function:
 *
 * <pre>{@code
 * CREATE FUNCTION delayed_lookup AS 'dev.flinkext.delayed.sql.DelayedLookupTableFunction';
 * SELECT * FROM delayed_lookup(
 *     input => TABLE orders PARTITION BY user_id,
 *     on_time => DESCRIPTOR(order_time),
 *     dim_columns => 'user_id STRING, city STRING',
 *     dim_options => MAP['connector', 'redis', 'host', 'redis1', 'key-prefix', 'user:',
 *                        'lookup.delayed-retry.max-attempts', '10',
 *                        'lookup.delayed-retry.interval', '1 s']);
 * }</pre>
 *
 * The dimension is any table's sync lookup, given by its connector options and columns ({@code
 * dim_keys => DESCRIPTOR(...)} names its key columns when they are not named as the PARTITION BY
 * columns); the {@code lookup.delayed-retry.*} options in the same map drive the retries. A row
 * whose key the dimension has is joined at once; a miss waits in keyed state (a {@link ListView}:
 * RocksDB-capable) under a timer, and each due timer reads the key once for all its waiting rows.
 *
 * <p>PTF timers fire on watermarks (Flink 2.2 and 2.3 have no processing-time timers for PTFs):
 * re-read n of a row with event time t is due when the watermark passes t + the waits up to n. The
 * call runs on the task thread, as any sync lookup: one store read per due key is the blocking
 * cost. Output: the PARTITION BY columns, the input's other columns, the dimension's columns
 * (nullable; a taken name gets a number), {@code final_miss} (TRUE for a row that took its final
 * miss under {@code emit-null} or {@code side-output}: route those into a second sink table with
 * {@code WHERE final_miss}), then {@code rowtime}. {@code dim_options} is a MAP constructor, which
 * Flink does not evaluate at planning: the connector checks it when the job starts (on the first
 * row). Metrics: {@link DelayedJoinMetrics}.
 */
public class DelayedLookupTableFunction extends ProcessTableFunction<RowData> {

    private static final long serialVersionUID = 1L;

    static final String INPUT = "input";
    static final String TIMER = "re-read";

    private transient FunctionContext functionContext;
    private transient DelayedLookupCall call;
    private transient DelayedJoinMetrics metrics;

    /** Per key: how many rows wait, the re-reads done, and the call (for a timer after restore). */
    public static class Waiting {
        public Integer rows;
        public Integer reReads;
        public String dimColumns;
        public Map<String, String> dimOptions;
        public String[] dimKeys;
    }

    @Override
    public void open(FunctionContext context) {
        this.functionContext = context;
        this.metrics = new DelayedJoinMetrics(context.getMetricGroup());
    }

    public void eval(
            Context ctx,
            Waiting waiting,
            ListView<RowData> rows,
            Row input,
            String dimColumns,
            Map<String, String> dimOptions,
            ColumnList dimKeys)
            throws Exception {
        DelayedLookupCall call =
                call(
                        ctx,
                        dimColumns,
                        dimOptions,
                        () -> DelayedLookupCall.keyNames(ctx.tableSemanticsFor(INPUT), dimKeys));
        RowData row = call.internal(input);
        TimeContext<Long> time = ctx.timeContext(Long.class);
        if (waiting.rows == null) { // the key waits for nothing: join now if the dimension has it
            Collection<RowData> found = call.lookup(row);
            if (found != null && !found.isEmpty()) {
                for (RowData dim : found) {
                    collect(call.joined(row, dim));
                }
                return;
            }
            waiting.rows = 0;
            waiting.reReads = 0;
            waiting.dimColumns = dimColumns;
            waiting.dimOptions = dimOptions;
            waiting.dimKeys = call.dimKeys();
            time.registerOnTime(
                    TIMER, time.time() + call.options().retry().delayBefore(1).toMillis());
        }
        if (waiting.rows >= call.options().maxWaitingRows()) {
            List<RowData> kept = new ArrayList<>(rows.getList());
            RowData oldest = kept.remove(0);
            rows.setList(kept);
            waiting.rows--;
            metrics.evicted();
            finalMiss(call, oldest);
        }
        rows.add(call.copy(row));
        waiting.rows++;
        metrics.parked();
    }

    public void onTimer(OnTimerContext ctx, Waiting waiting, ListView<RowData> rows)
            throws Exception {
        if (waiting.rows == null) {
            return; // nothing waits
        }
        DelayedLookupCall call =
                call(ctx, waiting.dimColumns, waiting.dimOptions, () -> List.of(waiting.dimKeys));
        List<RowData> parked = new ArrayList<>();
        rows.get().forEach(parked::add);
        int attempt = waiting.reReads + 1;
        Collection<RowData> found = call.lookup(parked.get(0));
        if (found != null && !found.isEmpty()) {
            for (RowData row : parked) {
                for (RowData dim : found) {
                    collect(call.joined(row, dim));
                }
            }
            metrics.joinedAfterRetry(parked.size());
            ctx.clearAll();
            return;
        }
        TimeContext<Long> time = ctx.timeContext(Long.class);
        long watermark = time.currentWatermark();
        // the last watermark (end of a bounded input) ends event time: no later re-read can fire
        if (attempt < call.options().retry().maxAttempts() && watermark != Long.MAX_VALUE) {
            waiting.reReads = attempt;
            metrics.retried();
            // Flink ignores a timer at or before the watermark: a watermark that jumped ahead
            // makes the re-read due with the next one
            long due = time.time() + call.options().retry().delayBefore(attempt + 1).toMillis();
            time.registerOnTime(TIMER, Math.max(due, watermark + 1));
            return;
        }
        for (RowData row : parked) {
            finalMiss(call, row);
        }
        metrics.finalMisses(parked.size());
        ctx.clearAll();
    }

    private void finalMiss(DelayedLookupCall call, RowData row) {
        if (call.options().retry().finalMiss() != FinalMiss.DROP) {
            collect(call.missed(row));
        } // DROP: counted, not emitted
    }

    /**
     * The call's lookup and layout, made once per subtask (its arguments are constants): nothing of
     * it is worked out again per row.
     */
    private DelayedLookupCall call(
            Context ctx,
            String dimColumns,
            Map<String, String> dimOptions,
            Supplier<List<String>> dimKeys)
            throws Exception {
        if (call == null) {
            call =
                    DelayedLookupCall.create(
                            ctx.tableSemanticsFor(INPUT),
                            dimColumns,
                            dimOptions,
                            dimKeys.get(),
                            functionContext.getUserCodeClassLoader());
            call.open(functionContext);
        }
        return call;
    }

    @Override
    public void close() throws Exception {
        if (call != null) {
            call.close();
        }
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        LinkedHashMap<String, StateTypeStrategy> state = new LinkedHashMap<>();
        state.put(
                "waiting",
                StateTypeStrategy.of(
                        TypeStrategies.explicit(
                                DataTypes.of(Waiting.class).toDataType(typeFactory))));
        state.put("rows", StateTypeStrategy.of(DelayedLookupCall::waitingRowsType));
        return TypeInference.newBuilder()
                .staticArguments(
                        StaticArgument.table(
                                INPUT,
                                Row.class,
                                false,
                                EnumSet.of(
                                        StaticArgumentTrait.SET_SEMANTIC_TABLE,
                                        StaticArgumentTrait.REQUIRE_ON_TIME)),
                        StaticArgument.scalar("dim_columns", DataTypes.STRING(), false),
                        StaticArgument.scalar(
                                "dim_options",
                                DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING()),
                                false),
                        StaticArgument.scalar("dim_keys", DataTypes.DESCRIPTOR(), true))
                .stateTypeStrategies(state)
                .outputTypeStrategy(DelayedLookupCall::outputType)
                .build();
    }
}
