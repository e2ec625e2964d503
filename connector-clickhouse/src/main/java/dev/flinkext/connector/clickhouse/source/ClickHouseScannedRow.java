package dev.flinkext.connector.clickhouse.source;

import org.apache.flink.table.data.RowData;

/**
 * A row read by a split, with the split's position after it.
 *
 * @param row the row
 * @param emittedAfter rows of the split emitted once this one is
 */
record ClickHouseScannedRow(RowData row, long emittedAfter) {}
