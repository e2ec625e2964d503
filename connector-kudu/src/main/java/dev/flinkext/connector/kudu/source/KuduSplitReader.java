package dev.flinkext.connector.kudu.source;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.mapping.KuduRowDecoder;

import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import org.apache.kudu.client.KuduClient;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads its splits one after the other, one scanner batch per {@link #fetch()}, through the task
 * manager's shared Kudu client. A split read again after a failover is opened at its recorded
 * snapshot and its first {@code emitted} rows are skipped (see {@link KuduSourceSplit}). With a
 * limit, this reader stops once it has produced that many rows, whatever the split.
 */
final class KuduSplitReader implements SplitReader<KuduScannedRow, KuduSourceSplit> {

    private final SharedResources.Lease<KuduClient> client;
    private final KuduScanSpec spec;
    private final String where;
    private final KuduRowDecoder decoder;
    private final ArrayDeque<KuduSourceSplit> splits = new ArrayDeque<>();

    private KuduSourceSplit current;
    private KuduSnapshotScan scan;

    /**
     * Rows this source reader produced, over all its splits: the fetcher manager makes a new split
     * reader whenever one ran out of splits, so the count lives with the source reader.
     */
    private final AtomicLong produced;

    KuduSplitReader(
            SharedResources.Lease<KuduClient> client,
            KuduScanSpec spec,
            String where,
            AtomicLong produced) {
        this.client = client;
        this.spec = spec;
        this.where = where;
        this.decoder = new KuduRowDecoder(spec.columns());
        this.produced = produced;
    }

    @Override
    public RecordsWithSplitIds<KuduScannedRow> fetch() throws IOException {
        if (current == null) {
            current = splits.poll();
            if (current == null) {
                return new RecordsBySplits<>(Map.of(), Set.of());
            }
            if (limitReached()) {
                return finishCurrent(List.of());
            }
            scan = new KuduSnapshotScan(client.get(), current, decoder, where);
        }
        List<KuduScannedRow> rows = new ArrayList<>();
        long allowed = spec.hasLimit() ? spec.limit() - produced.get() : Long.MAX_VALUE;
        produced.addAndGet(scan.next(rows, allowed));
        if (!scan.hasMore() || limitReached()) {
            return finishCurrent(rows);
        }
        return new RecordsBySplits<>(Map.of(current.splitId(), rows), Set.of());
    }

    private boolean limitReached() {
        return spec.hasLimit() && produced.get() >= spec.limit();
    }

    private RecordsWithSplitIds<KuduScannedRow> finishCurrent(List<KuduScannedRow> rows) {
        String id = current.splitId();
        closeScan();
        current = null;
        return new RecordsBySplits<>(Map.of(id, rows), Set.of(id));
    }

    private void closeScan() {
        if (scan != null) {
            scan.close();
            scan = null;
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<KuduSourceSplit> change) {
        if (change instanceof SplitsAddition) {
            splits.addAll(change.splits());
        }
    }

    @Override
    public void wakeUp() {
        // fetch() reads one scanner batch and returns: nothing to interrupt
    }

    @Override
    public void close() throws Exception {
        try {
            closeScan();
        } finally {
            client.close();
        }
    }
}
