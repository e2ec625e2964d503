package dev.flinkext.connector.kudu.source;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.mapping.KuduRowDecoder;
import dev.flinkext.connector.kudu.source.KuduSplitPosition.Phase;

import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduException;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.RowResult;
import org.apache.kudu.client.RowResultIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(KuduSplitReader.class);

    private final SharedResources.Lease<KuduClient> client;
    private final KuduScanSpec spec;
    private final String where;
    private final KuduRowDecoder decoder;
    private final ArrayDeque<KuduSourceSplit> splits = new ArrayDeque<>();

    private KuduSourceSplit current;
    private KuduScanner scanner;
    private long emitted;
    private long snapshot;
    private long toSkip;

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
            try {
                open(current);
            } catch (KuduException e) {
                throw new IOException(
                        "Cannot open the scan of tablet "
                                + current.splitId()
                                + " of "
                                + where
                                + ": "
                                + e.getStatus(),
                        e);
            }
        }
        List<KuduScannedRow> rows = new ArrayList<>();
        try {
            if (scanner.hasMoreRows()) {
                RowResultIterator batch = scanner.nextRows();
                while (batch.hasNext() && !limitReached()) {
                    RowResult row = batch.next();
                    if (toSkip > 0) {
                        toSkip--; // emitted before the failover
                        continue;
                    }
                    emitted++;
                    produced.incrementAndGet();
                    rows.add(
                            new KuduScannedRow(
                                    decoder.decode(row),
                                    Phase.SNAPSHOT,
                                    snapshot,
                                    emitted,
                                    KuduSplitPosition.NO_TIMESTAMP));
                }
            }
        } catch (KuduException e) {
            throw new IOException(
                    "Scan of tablet " + current.splitId() + " of " + where + " failed: " + e, e);
        }
        if (!scanner.hasMoreRows() || limitReached()) {
            return finishCurrent(rows);
        }
        return new RecordsBySplits<>(Map.of(current.splitId(), rows), Set.of());
    }

    private boolean limitReached() {
        return spec.hasLimit() && produced.get() >= spec.limit();
    }

    private void open(KuduSourceSplit split) throws IOException {
        KuduSplitPosition position = split.position();
        snapshot =
                position.timestamp() != KuduSplitPosition.NO_TIMESTAMP
                        ? position.timestamp()
                        : KuduSnapshots.fresh(client.get(), split, where);
        scanner = KuduSnapshots.openAt(client.get(), split, snapshot);
        emitted = position.emitted();
        toSkip = position.emitted();
        if (toSkip > 0) {
            LOG.info(
                    "Resuming tablet {} of {} at snapshot {} after the {} rows emitted before",
                    split.splitId(),
                    where,
                    snapshot,
                    toSkip);
        }
    }

    private RecordsWithSplitIds<KuduScannedRow> finishCurrent(List<KuduScannedRow> rows) {
        String id = current.splitId();
        closeScanner();
        current = null;
        return new RecordsBySplits<>(Map.of(id, rows), Set.of(id));
    }

    private void closeScanner() {
        if (scanner == null) {
            return;
        }
        KuduSnapshots.close(scanner, where);
        scanner = null;
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
            closeScanner();
        } finally {
            client.close();
        }
    }
}
