package dev.flinkext.connector.kudu.source;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.table.data.RowData;

import java.util.Map;
import java.util.function.Supplier;

/** Asks for a split, reads it a scanner batch at a time on a fetcher thread, then asks again. */
final class KuduSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                KuduScannedRow, RowData, KuduSourceSplit, KuduSplitState> {

    KuduSourceReader(
            Supplier<SplitReader<KuduScannedRow, KuduSourceSplit>> splitReader,
            SourceReaderContext context) {
        super(splitReader, EMITTER, new Configuration(), context);
    }

    /** Emits the row and moves the split's position past it (what a checkpoint records). */
    private static final RecordEmitter<KuduScannedRow, RowData, KuduSplitState> EMITTER =
            (record, output, state) -> {
                output.collect(record.row());
                state.emitted = record.emitted();
                state.snapshotTimestamp = record.snapshotTimestamp();
            };

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    protected void onSplitFinished(Map<String, KuduSplitState> finished) {
        context.sendSplitRequest();
    }

    @Override
    protected KuduSplitState initializedState(KuduSourceSplit split) {
        return new KuduSplitState(split);
    }

    @Override
    protected KuduSourceSplit toSplitType(String splitId, KuduSplitState state) {
        return state.toSplit();
    }
}
