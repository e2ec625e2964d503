package dev.flinkext.connector.kudu.source;

import org.apache.flink.api.connector.source.SourceSplit;

import org.apache.kudu.client.AsyncKuduClient;
import org.apache.kudu.client.KuduScanToken;

/**
 * One tablet's share of a scan: its serialized {@link KuduScanToken} (projection, predicates and
 * limit inside) and how far it was read.
 *
 * <p>Why a row count is an exact position: the scan is fault-tolerant, so Kudu returns a tablet's
 * rows in primary-key order, and it reads at one snapshot (the hybrid timestamp recorded here once
 * the split is first opened), so a scan opened again after a failover returns the same rows in the
 * same order, and skipping the rows already emitted resumes exactly after the last one.
 *
 * @param splitId the tablet's id
 * @param token the serialized scan token ({@link KuduScanToken#serialize()})
 * @param emitted rows of this split already emitted (skipped when it is read again)
 * @param snapshotTimestamp the hybrid time the split is read at, or {@link #NO_SNAPSHOT} until its
 *     first read fixes it
 */
public record KuduSourceSplit(String splitId, byte[] token, long emitted, long snapshotTimestamp)
        implements SourceSplit {

    public static final long NO_SNAPSHOT = AsyncKuduClient.NO_TIMESTAMP;

    /** A split not read yet. */
    public static KuduSourceSplit of(String tabletId, byte[] token) {
        return new KuduSourceSplit(tabletId, token, 0, NO_SNAPSHOT);
    }

    @Override
    public String toString() {
        return "KuduSourceSplit{"
                + splitId
                + ", emitted="
                + emitted
                + ", snapshot="
                + snapshotTimestamp
                + '}';
    }
}
