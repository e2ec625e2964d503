package dev.flinkext.delayed;

import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.binary.BinaryRowData;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs {@link DelayedLookupJoinFunction}, and at the end of a bounded input gives the rows still
 * waiting their remaining re-reads there and then (Flink fires no processing-time timer after the
 * input ends, so they would otherwise vanish with the job).
 */
final class DelayedLookupJoinOperator extends KeyedProcessOperator<RowData, RowData, RowData>
        implements BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final DelayedLookupJoinFunction function;

    DelayedLookupJoinOperator(DelayedLookupJoinFunction function) {
        super(function);
        this.function = function;
    }

    @Override
    public void endInput() throws Exception {
        List<RowData> keys = new ArrayList<>();
        KeyedStateBackend<RowData> backend = getKeyedStateBackend();
        try (Stream<RowData> waiting =
                backend.getKeys(DelayedLookupJoinFunction.WAITING_COUNT, VoidNamespace.INSTANCE)) {
            waiting.forEach(key -> keys.add(((BinaryRowData) key).copy()));
        }
        TimestampedCollector<RowData> out = new TimestampedCollector<>(output);
        out.eraseTimestamp();
        function.finishWaiting(
                keys,
                this::setCurrentKey,
                out,
                (tag, row) -> output.collect(tag, new StreamRecord<>(row)));
    }
}
