package dev.flinkext.connector.redis.source;

import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;

import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.table.data.RowData;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads its splits one after the other, one SCAN page per {@link #fetch()}. */
final class RedisSplitReader implements SplitReader<ScannedRow, RedisSourceSplit> {

    private final RedisKeyScanner scanner;
    private final RedisClientProvider clients;
    private final ArrayDeque<RedisSourceSplit> splits = new ArrayDeque<>();

    RedisSplitReader(RedisConnectionOptions connection, RedisKeyScanner scanner) {
        this.scanner = scanner;
        this.clients = RedisClientProvider.create(connection);
    }

    @Override
    public RecordsWithSplitIds<ScannedRow> fetch() throws IOException {
        RedisSourceSplit split = splits.poll();
        if (split == null) {
            return new RecordsBySplits<>(Map.of(), Set.of());
        }
        if (split.isDone()) { // restored after its last row was emitted
            return new RecordsBySplits<>(Map.of(), Set.of(split.splitId()));
        }
        RedisKeyScanner.Page page = scanner.readPage(clients, split.node(), split.cursor());
        List<RowData> rows = page.rows();
        List<ScannedRow> records = new ArrayList<>(rows.size());
        for (int i = split.emittedOfPage(); i < rows.size(); i++) {
            boolean last = i == rows.size() - 1;
            records.add(
                    last
                            ? new ScannedRow(
                                    rows.get(i),
                                    page.isLast() ? RedisSourceSplit.DONE : page.nextCursor(),
                                    0)
                            : new ScannedRow(rows.get(i), split.cursor(), i + 1));
        }
        if (page.isLast()) {
            return new RecordsBySplits<>(Map.of(split.splitId(), records), Set.of(split.splitId()));
        }
        splits.addFirst(new RedisSourceSplit(split.node(), page.nextCursor(), 0));
        return new RecordsBySplits<>(Map.of(split.splitId(), records), Set.of());
    }

    @Override
    public void handleSplitsChanges(SplitsChange<RedisSourceSplit> change) {
        if (change instanceof SplitsAddition) {
            splits.addAll(change.splits());
        }
    }

    @Override
    public void wakeUp() {
        // fetch() reads one bounded page and returns: nothing to interrupt
    }

    @Override
    public void close() {
        clients.close();
    }
}
