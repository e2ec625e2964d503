package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.source.KuduSplitPosition.Phase;

import org.apache.flink.table.data.RowData;

import javax.annotation.Nullable;

/**
 * A row read by a split reader, with its split's position once it is emitted (the fields of a
 * {@link KuduSplitPosition}, flat: one object per row, not two); or, with no row, only a new
 * position (a window of changes finished without a row, so that a checkpoint does not keep an old
 * timestamp that the tablet servers' history may no longer hold).
 *
 * @param row the row (its kind set), or null for a position only
 */
record KuduScannedRow(
        @Nullable RowData row, Phase phase, long timestamp, long emitted, long windowEnd) {

    static KuduScannedRow positionOnly(KuduSplitPosition position) {
        return new KuduScannedRow(
                null,
                position.phase(),
                position.timestamp(),
                position.emitted(),
                position.windowEnd());
    }
}
