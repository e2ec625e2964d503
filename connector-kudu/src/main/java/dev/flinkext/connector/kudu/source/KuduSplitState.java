package dev.flinkext.connector.kudu.source;

/** The mutable position of a split being read (see {@link KuduSourceSplit}). */
final class KuduSplitState {
    private final KuduSourceSplit split;
    long emitted;
    long snapshotTimestamp;

    KuduSplitState(KuduSourceSplit split) {
        this.split = split;
        this.emitted = split.emitted();
        this.snapshotTimestamp = split.snapshotTimestamp();
    }

    KuduSourceSplit toSplit() {
        return new KuduSourceSplit(split.splitId(), split.token(), emitted, snapshotTimestamp);
    }
}
