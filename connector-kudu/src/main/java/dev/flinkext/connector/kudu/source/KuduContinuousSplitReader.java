package dev.flinkext.connector.kudu.source;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.mapping.KuduRowDecoder;
import dev.flinkext.connector.kudu.source.KuduSplitPosition.Phase;

import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import org.apache.kudu.Schema;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The split reader of a continuous scan: it keeps every split it was given and takes them in turn,
 * one step per {@link #fetch()}: a scanner batch of a split's snapshot, or, once the snapshot is
 * out, a batch of the split's changes ({@link KuduChangeWindow}), a window per poll interval from
 * where the last one ended. Splits never finish. When no split has anything to do, it waits for the
 * next poll (or {@link #wakeUp()}). A split whose tablet was dropped ({@link KuduTabletsDropped})
 * ends at the next fetch, wherever it was.
 */
final class KuduContinuousSplitReader implements SplitReader<KuduScannedRow, KuduSourceSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(KuduContinuousSplitReader.class);

    private final SharedResources.Lease<KuduClient> client;
    private final KuduRowDecoder decoder;
    private final String tableName;
    private final String where;
    private Schema tableSchema;
    private final long pollIntervalNanos;
    private final List<ContinuousSplit> splits = new ArrayList<>();
    private int next;
    private final Set<String> droppedTablets;

    private final Object wakeUps = new Object();
    private boolean wokenUp;

    KuduContinuousSplitReader(
            SharedResources.Lease<KuduClient> client,
            KuduScanSpec spec,
            String where,
            long pollIntervalMillis,
            Set<String> droppedTablets) {
        this.droppedTablets = droppedTablets;
        this.client = client;
        this.decoder = new KuduRowDecoder(spec.columns());
        this.tableName = spec.tableName();
        this.where = where;
        this.pollIntervalNanos = pollIntervalMillis * 1_000_000L;
    }

    @Override
    public RecordsWithSplitIds<KuduScannedRow> fetch() throws IOException {
        Set<String> ended = endDropped();
        if (!ended.isEmpty()) {
            return new RecordsBySplits<>(Map.of(), ended);
        }
        long now = System.nanoTime();
        long nextPoll = Long.MAX_VALUE;
        for (int tried = 0; tried < splits.size(); tried++) {
            ContinuousSplit split = splits.get(next);
            next = (next + 1) % splits.size();
            List<KuduScannedRow> rows = split.step(now);
            if (rows != null) {
                return new RecordsBySplits<>(Map.of(split.id(), rows), Set.of());
            }
            nextPoll = Math.min(nextPoll, split.nextPollNanos);
        }
        waitUntil(nextPoll == Long.MAX_VALUE ? now + pollIntervalNanos : nextPoll);
        return new RecordsBySplits<>(Map.of(), Set.of());
    }

    /** Ends the splits of dropped tablets: Kudu has no changes of them to read. */
    private Set<String> endDropped() {
        Set<String> ended = new HashSet<>();
        for (Iterator<ContinuousSplit> it = splits.iterator(); it.hasNext(); ) {
            ContinuousSplit split = it.next();
            if (droppedTablets.contains(split.id())) {
                LOG.info(
                        "Tablet {} of {} was dropped: its split ends at {}",
                        split.id(),
                        where,
                        split.position);
                split.close();
                it.remove();
                ended.add(split.id());
            }
        }
        if (!ended.isEmpty()) {
            next = 0;
        }
        return ended;
    }

    private void waitUntil(long nanoTime) throws IOException {
        synchronized (wakeUps) {
            long millis = (nanoTime - System.nanoTime()) / 1_000_000L;
            try {
                if (!wokenUp && millis > 0) {
                    wakeUps.wait(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting to poll " + where, e);
            }
            wokenUp = false;
        }
    }

    /** The table's schema, read once: the key columns that the rows before are read by. */
    private Schema tableSchema() throws IOException {
        if (tableSchema == null) {
            try {
                tableSchema = client.get().openTable(tableName).getSchema();
            } catch (KuduException e) {
                throw new IOException("Cannot open " + where + ": " + e.getStatus(), e);
            }
        }
        return tableSchema;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<KuduSourceSplit> change) {
        if (change instanceof SplitsAddition) {
            for (KuduSourceSplit split : change.splits()) {
                if (!split.position().equals(KuduSplitPosition.START)) {
                    LOG.info(
                            "Restored tablet {} of {} at {}",
                            split.splitId(),
                            where,
                            split.position());
                }
                splits.add(new ContinuousSplit(split));
            }
        }
    }

    @Override
    public void wakeUp() {
        synchronized (wakeUps) {
            wokenUp = true;
            wakeUps.notifyAll();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            for (ContinuousSplit split : splits) {
                split.close();
            }
        } finally {
            client.close();
        }
    }

    /** One split's reading: its position, and the scanner or window open on it. */
    private final class ContinuousSplit {
        private final KuduSourceSplit split;
        private KuduSplitPosition position;
        private KuduSnapshotScan snapshot;
        private KuduChangeWindow window;
        private long nextPollNanos;

        ContinuousSplit(KuduSourceSplit split) {
            this.split = split;
            this.position = split.position();
            this.nextPollNanos = System.nanoTime(); // a restored split's changes are due now
        }

        String id() {
            return split.splitId();
        }

        /** One batch of rows (perhaps none but a new position), or null if nothing is due. */
        List<KuduScannedRow> step(long now) throws IOException {
            return position.phase() == Phase.SNAPSHOT ? snapshotStep() : changesStep(now);
        }

        private List<KuduScannedRow> snapshotStep() throws IOException {
            if (snapshot == null) {
                snapshot = new KuduSnapshotScan(client.get(), split, decoder, where);
                if (snapshot.snapshot() == KuduSplitPosition.NO_TIMESTAMP) {
                    snapshot.close();
                    snapshot = null;
                    throw new IOException(
                            "No hybrid time from the tablet server of "
                                    + id()
                                    + " of "
                                    + where
                                    + ": a continuous scan needs one to read changes from");
                }
            }
            List<KuduScannedRow> rows = new ArrayList<>();
            snapshot.next(rows, Long.MAX_VALUE);
            if (!snapshot.hasMore()) {
                long timestamp = snapshot.snapshot();
                snapshot.close();
                snapshot = null;
                position = KuduSplitPosition.changesAfter(timestamp);
                rows.add(KuduScannedRow.positionOnly(position));
                nextPollNanos = System.nanoTime() + pollIntervalNanos;
                LOG.info(
                        "Tablet {} of {}: snapshot at {} read, following its changes",
                        id(),
                        where,
                        timestamp);
            }
            return rows;
        }

        private List<KuduScannedRow> changesStep(long now) throws IOException {
            if (window == null) {
                if (position.windowOpen()) { // restored inside a window: the same one again
                    LOG.info(
                            "Resuming the changes of tablet {} of {} in ({}, {}] after the {} rows"
                                    + " emitted before",
                            id(),
                            where,
                            position.timestamp(),
                            position.windowEnd(),
                            position.emitted());
                    window = openWindow(position.windowEnd(), position.emitted());
                } else if (now - nextPollNanos < 0) {
                    return null;
                } else {
                    long end = KuduSnapshots.fresh(client.get(), split, where);
                    if (end == KuduSplitPosition.NO_TIMESTAMP || end <= position.timestamp()) {
                        nextPollNanos = now + pollIntervalNanos;
                        return null;
                    }
                    window = openWindow(end, 0);
                }
            }
            List<KuduScannedRow> rows = new ArrayList<>();
            if (window.hasMore()) {
                window.next(rows);
            }
            if (!window.hasMore()) {
                position = KuduSplitPosition.changesAfter(window.end());
                window.close();
                window = null;
                rows.add(KuduScannedRow.positionOnly(position));
                nextPollNanos = System.nanoTime() + pollIntervalNanos;
            }
            return rows;
        }

        private KuduChangeWindow openWindow(long end, long emittedBefore) throws IOException {
            position =
                    new KuduSplitPosition(Phase.CHANGES, position.timestamp(), emittedBefore, end);
            return new KuduChangeWindow(
                    client.get(),
                    split,
                    decoder,
                    tableSchema(),
                    where,
                    position.timestamp(),
                    end,
                    emittedBefore);
        }

        void close() {
            if (snapshot != null) {
                snapshot.close();
            }
            if (window != null) {
                window.close();
            }
        }
    }
}
