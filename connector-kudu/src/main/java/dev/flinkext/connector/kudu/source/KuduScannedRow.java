package dev.flinkext.connector.kudu.source;

import org.apache.flink.table.data.RowData;

/**
 * A row read by the split reader, with its split's position once it is emitted.
 *
 * @param row the row
 * @param emitted rows of the split emitted once this one is
 * @param snapshotTimestamp the hybrid time the split is read at
 */
record KuduScannedRow(RowData row, long emitted, long snapshotTimestamp) {}
