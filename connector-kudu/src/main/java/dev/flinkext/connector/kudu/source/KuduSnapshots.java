package dev.flinkext.connector.kudu.source;

import org.apache.kudu.client.AsyncKuduScanner;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduException;
import org.apache.kudu.client.KuduScanToken;
import org.apache.kudu.client.KuduScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** Hybrid times to read a tablet at, and scanners opened at them. */
final class KuduSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(KuduSnapshots.class);

    /** Keeps the server-side scanner alive while Flink's back-pressure leaves it unread. */
    static final int KEEP_ALIVE_MS = 15_000;

    private KuduSnapshots() {}

    /**
     * A hybrid time to read a split at: the latest one the shared client has seen from a tablet
     * server, after a probe of the split's tablet made it fresh (a scanner opened with a batch size
     * of 0 bytes: the tablet server answers with its timestamp and no rows). It comes from the
     * servers' clocks, so it is never in their future (which they would refuse), and it is no older
     * than the probe, so every write acknowledged before it is visible.
     *
     * @return the time, or {@link KuduSplitPosition#NO_TIMESTAMP} if no server told one
     */
    static long fresh(KuduClient client, KuduSourceSplit split, String where) throws IOException {
        KuduScanner probe =
                KuduScanToken.deserializeIntoScannerBuilder(split.token(), client)
                        .readMode(AsyncKuduScanner.ReadMode.READ_AT_SNAPSHOT)
                        .batchSizeBytes(0)
                        .build();
        try {
            if (probe.hasMoreRows()) {
                probe.nextRows();
            }
        } catch (KuduException e) {
            throw new IOException(
                    "Cannot reach tablet " + split.splitId() + " of " + where + ": " + e, e);
        } finally {
            probe.close();
        }
        long timestamp = client.getLastPropagatedTimestamp();
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

    /** A fault-tolerant scanner of the split's rows at {@code snapshot} (if one is set). */
    static KuduScanner openAt(KuduClient client, KuduSourceSplit split, long snapshot)
            throws IOException {
        KuduScanner.KuduScannerBuilder builder =
                KuduScanToken.deserializeIntoScannerBuilder(split.token(), client)
                        .setFaultTolerant(true);
        if (snapshot != KuduSplitPosition.NO_TIMESTAMP) {
            builder.snapshotTimestampRaw(snapshot);
        }
        KuduScanner scanner = builder.build();
        scanner.startKeepAlivePeriodically(KEEP_ALIVE_MS);
        return scanner;
    }

    /** Stops the keep-alive and closes; a failure to close is only logged. */
    static void close(KuduScanner scanner, String where) {
        try {
            scanner.stopKeepAlivePeriodically();
            scanner.close();
        } catch (KuduException e) {
            LOG.warn("Could not close a scanner of {}", where, e);
        }
    }
}
