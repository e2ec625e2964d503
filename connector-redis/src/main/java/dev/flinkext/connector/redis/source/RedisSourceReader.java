package dev.flinkext.connector.redis.source;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.table.data.RowData;

import java.util.Map;
import java.util.function.Supplier;

/** Asks for a split, reads it page by page on a fetcher thread, then asks for the next. */
final class RedisSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                ScannedRow, RowData, RedisSourceSplit, RedisSplitState> {

    RedisSourceReader(
            Supplier<SplitReader<ScannedRow, RedisSourceSplit>> splitReader,
            Configuration config,
            SourceReaderContext context) {
        super(splitReader, EMITTER, config, context);
    }

    /** Emits the row and moves the split's position past it (what a checkpoint records). */
    private static final RecordEmitter<ScannedRow, RowData, RedisSplitState> EMITTER =
            (record, output, state) -> {
                output.collect(record.row());
                state.cursor = record.cursor();
                state.emittedOfPage = record.emittedOfPage();
            };

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    protected void onSplitFinished(Map<String, RedisSplitState> finished) {
        context.sendSplitRequest();
    }

    @Override
    protected RedisSplitState initializedState(RedisSourceSplit split) {
        return new RedisSplitState(split);
    }

    @Override
    protected RedisSourceSplit toSplitType(String splitId, RedisSplitState state) {
        return state.toSplit();
    }
}
