package dev.flinkext.delayed;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The state-backed delayed join for DataStream (and Table API, through {@code toDataStream} /
 * {@code fromDataStream}) users: stream rows are keyed by their join key and joined with a
 * dimension table through any table's sync {@link LookupFunction} (this project's, or Flink's
 * JDBC's; {@link TableLookupFunctions} makes one for a table of a {@code TableEnvironment}); a row
 * whose dimension row is not there yet waits in keyed state and is joined when a later re-read
 * finds it ({@link DelayedLookupJoinFunction}).
 *
 * <pre>{@code
 * TableLookupFunctions.Lookup users = TableLookupFunctions.of(tableEnv, "users", "user_id");
 * DelayedLookupJoin join = DelayedLookupJoin.of(users.function(), users.rowType())
 *         .keyFields(2)                      // the stream's user_id column
 *         .options(Configuration.fromMap(Map.of(
 *                 "lookup.delayed-retry.max-attempts", "10",
 *                 "lookup.delayed-retry.interval", "1 s",
 *                 "lookup.delayed-retry.final-miss", "side-output")));
 * SingleOutputStreamOperator<RowData> joined = join.apply(orders, ordersType);
 * DataStream<RowData> neverJoined = joined.getSideOutput(join.finalMisses());
 * }</pre>
 *
 * The output rows are the stream row's columns followed by the dimension's ({@link #outputType}).
 * Give the returned operator a {@code uid} of your own so that its waiting rows restore from a
 * savepoint.
 */
public final class DelayedLookupJoin {

    private final LookupFunction lookup;
    private final RowType dimType;
    private int[] keyFields;
    private DelayedJoinOptions options;
    private OutputTag<RowData> finalMisses;

    private DelayedLookupJoin(LookupFunction lookup, RowType dimType) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.dimType = Objects.requireNonNull(dimType, "dimType");
    }

    /** A delayed join reading the dimension with {@code lookup}, whose rows are {@code dimType}. */
    public static DelayedLookupJoin of(LookupFunction lookup, RowType dimType) {
        return new DelayedLookupJoin(lookup, dimType);
    }

    /** The stream's columns holding the lookup key, in the lookup function's key order. */
    public DelayedLookupJoin keyFields(int... inputFields) {
        if (inputFields.length == 0) {
            throw new IllegalArgumentException("A delayed join needs at least one key field");
        }
        this.keyFields = inputFields.clone();
        return this;
    }

    /** {@code lookup.delayed-retry.*} ({@link DelayedJoinOptions}). */
    public DelayedLookupJoin options(ReadableConfig config) {
        this.options = DelayedJoinOptions.fromConfig(config);
        return this;
    }

    /** Where rows go under {@code final-miss = side-output}; their type is the stream's. */
    public OutputTag<RowData> finalMisses() {
        if (finalMisses == null) {
            throw new IllegalStateException("finalMisses() is known after apply()");
        }
        return finalMisses;
    }

    /**
     * The joined rows' type: the stream's columns, then the dimension's (nullable: a final miss
     * pads them with NULLs; a name the stream has already gets a number, as the planner does:
     * {@code k} → {@code k0}).
     */
    public RowType outputType(RowType inputType) {
        List<RowType.RowField> fields = new ArrayList<>(inputType.getFields());
        fields.addAll(DimensionColumns.appended(dimType, new HashSet<>(inputType.getFieldNames())));
        return new RowType(fields);
    }

    /** The joined stream of {@code input} (rows of {@code inputType}). */
    public SingleOutputStreamOperator<RowData> apply(DataStream<RowData> input, RowType inputType) {
        if (keyFields == null || options == null) {
            throw new IllegalStateException("Set keyFields(...) and options(...) before apply()");
        }
        for (int field : keyFields) {
            if (field < 0 || field >= inputType.getFieldCount()) {
                throw new IllegalArgumentException(
                        "Key field " + field + " is outside the stream's row " + inputType);
            }
        }
        KeyProjection key = new KeyProjection(inputType, keyFields);
        finalMisses = new OutputTag<>("delayed-join-final-misses", InternalTypeInfo.of(inputType));
        DelayedLookupJoinFunction function =
                new DelayedLookupJoinFunction(
                        lookup,
                        inputType,
                        key.keyType(),
                        dimType.getFieldCount(),
                        options,
                        finalMisses);
        return input.keyBy(key)
                .transform(
                        "DelayedLookupJoin",
                        InternalTypeInfo.of(outputType(inputType)),
                        new DelayedLookupJoinOperator(function));
    }
}
