package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.source.KuduSplitPosition.Phase;

/** The position of a split being read, moved by each emitted row (see {@link KuduSourceSplit}). */
final class KuduSplitState {
    private final KuduSourceSplit split;
    Phase phase;
    long timestamp;
    long emitted;
    long windowEnd;

    KuduSplitState(KuduSourceSplit split) {
        this.split = split;
        KuduSplitPosition position = split.position();
        this.phase = position.phase();
        this.timestamp = position.timestamp();
        this.emitted = position.emitted();
        this.windowEnd = position.windowEnd();
    }

    void moveTo(KuduScannedRow row) {
        phase = row.phase();
        timestamp = row.timestamp();
        emitted = row.emitted();
        windowEnd = row.windowEnd();
    }

    KuduSourceSplit toSplit() {
        return split.at(new KuduSplitPosition(phase, timestamp, emitted, windowEnd));
    }
}
