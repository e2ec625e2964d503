package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.mapping.KuduRowDecoder;
import dev.flinkext.connector.kudu.source.KuduSplitPosition.Phase;

import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduException;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.RowResult;
import org.apache.kudu.client.RowResultIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * One split's rows at its snapshot, a scanner batch at a time: fault-tolerant, so in key order, at
 * the split's recorded hybrid time (or a fresh one for a split not read yet), without the rows
 * emitted before a restore (see {@link KuduSplitPosition}). Used by the bounded and the continuous
 * split readers alike.
 */
final class KuduSnapshotScan implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KuduSnapshotScan.class);

    private final KuduSourceSplit split;
    private final KuduRowDecoder decoder;
    private final String where;
    private final long snapshot;
    private final KuduScanner scanner;
    private long emitted;
    private long toSkip;

    KuduSnapshotScan(KuduClient client, KuduSourceSplit split, KuduRowDecoder decoder, String where)
            throws IOException {
        this.split = split;
        this.decoder = decoder;
        this.where = where;
        KuduSplitPosition position = split.position();
        this.snapshot =
                position.timestamp() != KuduSplitPosition.NO_TIMESTAMP
                        ? position.timestamp()
                        : KuduSnapshots.fresh(client, split, where);
        this.scanner = KuduSnapshots.openAt(client, split, snapshot);
        this.emitted = position.emitted();
        this.toSkip = position.emitted();
        if (toSkip > 0) {
            LOG.info(
                    "Resuming tablet {} of {} at snapshot {} after the {} rows emitted before",
                    split.splitId(),
                    where,
                    snapshot,
                    toSkip);
        }
    }

    /** The hybrid time read at, or {@link KuduSplitPosition#NO_TIMESTAMP} if no server told one. */
    long snapshot() {
        return snapshot;
    }

    boolean hasMore() {
        return scanner.hasMoreRows();
    }

    /**
     * Reads the next scanner batch, adding at most {@code maxRows} of its rows to {@code out}.
     *
     * @return the rows added
     */
    int next(List<KuduScannedRow> out, long maxRows) throws IOException {
        int added = 0;
        try {
            if (scanner.hasMoreRows()) {
                RowResultIterator batch = scanner.nextRows();
                while (batch.hasNext() && added < maxRows) {
                    RowResult row = batch.next();
                    if (toSkip > 0) {
                        toSkip--; // emitted before the failover
                        continue;
                    }
                    emitted++;
                    added++;
                    out.add(
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
                    "Scan of tablet " + split.splitId() + " of " + where + " failed: " + e, e);
        }
        return added;
    }

    @Override
    public void close() {
        KuduSnapshots.close(scanner, where);
    }
}
