package dev.flinkext.connector.kudu.source;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.mapping.KuduRowDecoder;

import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import org.apache.kudu.client.AsyncKuduScanner;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduException;
import org.apache.kudu.client.KuduScanToken;
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

    /** Keeps the server-side scanner alive while Flink's back-pressure leaves it unread. */
    private static final int KEEP_ALIVE_MS = 15_000;

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
                    rows.add(new KuduScannedRow(decoder.decode(row), emitted, snapshot));
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
        snapshot =
                split.snapshotTimestamp() != KuduSourceSplit.NO_SNAPSHOT
                        ? split.snapshotTimestamp()
                        : freshSnapshot(split);
        KuduScanner.KuduScannerBuilder builder =
                KuduScanToken.deserializeIntoScannerBuilder(split.token(), client.get())
                        .setFaultTolerant(true);
        if (snapshot != KuduSourceSplit.NO_SNAPSHOT) {
            builder.snapshotTimestampRaw(snapshot);
        }
        scanner = builder.build();
        scanner.startKeepAlivePeriodically(KEEP_ALIVE_MS);
        emitted = split.emitted();
        toSkip = split.emitted();
        if (toSkip > 0) {
            LOG.info(
                    "Resuming tablet {} of {} at snapshot {} after the {} rows emitted before",
                    split.splitId(),
                    where,
                    snapshot,
                    toSkip);
        }
    }

    /**
     * A hybrid time to read a new split at: the latest one the shared client has seen from a tablet
     * server, after a probe of the split's tablet made it fresh (a scanner opened with a batch size
     * of 0 bytes: the tablet server answers with its timestamp and no rows). It comes from the
     * servers' clocks, so it is never in their future (which they would refuse), and it is no older
     * than the split's first read, so rows written before the job started are visible.
     */
    private long freshSnapshot(KuduSourceSplit split) throws IOException {
        KuduScanner probe =
                KuduScanToken.deserializeIntoScannerBuilder(split.token(), client.get())
                        .readMode(AsyncKuduScanner.ReadMode.READ_AT_SNAPSHOT)
                        .batchSizeBytes(0)
                        .build();
        try {
            if (probe.hasMoreRows()) {
                probe.nextRows();
            }
        } finally {
            probe.close();
        }
        long timestamp = client.get().getLastPropagatedTimestamp();
        if (timestamp == KuduClient.NO_TIMESTAMP) {
            LOG.warn(
                    "No timestamp from the tablet server of {} of {}: the split is read at the"
                            + " server's snapshot, and a failover during concurrent writes may"
                            + " skip or repeat rows",
                    split.splitId(),
                    where);
        }
        return timestamp;
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
        try {
            scanner.stopKeepAlivePeriodically();
            scanner.close();
        } catch (KuduException e) {
            LOG.warn("Could not close a scanner of {}", where, e);
        }
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
