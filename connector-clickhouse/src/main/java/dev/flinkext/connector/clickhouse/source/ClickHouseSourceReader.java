package dev.flinkext.connector.clickhouse.source;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.table.data.RowData;

import java.util.Map;
import java.util.function.Supplier;

/** Asks for a split, streams it on a fetcher thread, then asks for the next. */
final class ClickHouseSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                ClickHouseScannedRow, RowData, ClickHouseSourceSplit, ClickHouseSplitState> {

    ClickHouseSourceReader(
            Supplier<SplitReader<ClickHouseScannedRow, ClickHouseSourceSplit>> splitReader,
            SourceReaderContext context) {
        super(splitReader, EMITTER, new Configuration(), context);
    }

    /** Emits the row and moves the split's position past it (what a checkpoint records). */
    private static final RecordEmitter<ClickHouseScannedRow, RowData, ClickHouseSplitState>
            EMITTER =
                    (record, output, state) -> {
                        output.collect(record.row());
                        state.rowsEmitted = record.emittedAfter();
                    };

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    protected void onSplitFinished(Map<String, ClickHouseSplitState> finished) {
        context.sendSplitRequest();
    }

    @Override
    protected ClickHouseSplitState initializedState(ClickHouseSourceSplit split) {
        return new ClickHouseSplitState(split);
    }

    @Override
    protected ClickHouseSourceSplit toSplitType(String splitId, ClickHouseSplitState state) {
        return state.toSplit();
    }
}
