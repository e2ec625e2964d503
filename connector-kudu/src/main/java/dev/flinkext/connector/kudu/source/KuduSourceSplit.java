package dev.flinkext.connector.kudu.source;

import org.apache.flink.api.connector.source.SourceSplit;

import org.apache.kudu.client.KuduScanToken;

import java.util.Objects;

/**
 * One tablet's share of a scan: its serialized {@link KuduScanToken} (projection, predicates and
 * limit inside) and how far it was read ({@link KuduSplitPosition}).
 *
 * @param splitId the tablet's id
 * @param token the serialized scan token ({@link KuduScanToken#serialize()})
 * @param position how far the split was read
 */
public record KuduSourceSplit(String splitId, byte[] token, KuduSplitPosition position)
        implements SourceSplit {

    public KuduSourceSplit {
        Objects.requireNonNull(splitId, "splitId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(position, "position");
    }

    /** A split not read yet. */
    public static KuduSourceSplit of(String tabletId, byte[] token) {
        return new KuduSourceSplit(tabletId, token, KuduSplitPosition.START);
    }

    public KuduSourceSplit at(KuduSplitPosition newPosition) {
        return new KuduSourceSplit(splitId, token, newPosition);
    }

    @Override
    public String toString() {
        return "KuduSourceSplit{" + splitId + ", " + position + '}';
    }
}
