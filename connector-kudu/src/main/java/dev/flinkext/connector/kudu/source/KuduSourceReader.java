package dev.flinkext.connector.kudu.source;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.table.data.RowData;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Asks for a split, reads it a scanner batch at a time on a fetcher thread, then asks again. In
 * continuous mode a split is never finished: the reader asks again as soon as it got one, so the
 * readers share all tablets, and reads them all in turn.
 */
final class KuduSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                KuduScannedRow, RowData, KuduSourceSplit, KuduSplitState> {

    /** Continuous splits never finish, so the reader asks for more whenever it got one. */
    private final boolean continuous;

    /** A continuous scan's dropped tablets, shared with its split reader; null if bounded. */
    @Nullable private final Set<String> droppedTablets;

    /**
     * @param droppedTablets for a continuous scan, the set its split reader ends the splits of
     *     (this reader fills it from {@link KuduTabletsDropped}); null for a bounded scan
     */
    KuduSourceReader(
            Supplier<SplitReader<KuduScannedRow, KuduSourceSplit>> splitReader,
            SourceReaderContext context,
            @Nullable Set<String> droppedTablets) {
        super(splitReader, EMITTER, new Configuration(), context);
        this.continuous = droppedTablets != null;
        this.droppedTablets = droppedTablets;
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof KuduTabletsDropped tablets && droppedTablets != null) {
            droppedTablets.addAll(
                    tablets.tabletIds()); // the split reader ends them at its next step
        }
    }

    /**
     * Restored splits are added before the reader is registered with the enumerator, which must not
     * get a request before that: requests start with {@link #start()}.
     */
    private boolean started;

    @Override
    public void addSplits(List<KuduSourceSplit> splits) {
        super.addSplits(splits);
        if (continuous && started) {
            context.sendSplitRequest(); // until the enumerator has none left
        }
    }

    /** Emits the row and moves the split's position past it (what a checkpoint records). */
    private static final RecordEmitter<KuduScannedRow, RowData, KuduSplitState> EMITTER =
            (record, output, state) -> {
                if (record.row() != null) {
                    output.collect(record.row());
                }
                state.moveTo(record);
            };

    @Override
    public void start() {
        started = true;
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
