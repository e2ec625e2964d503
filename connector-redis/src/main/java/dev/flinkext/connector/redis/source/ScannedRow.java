package dev.flinkext.connector.redis.source;

import org.apache.flink.table.data.RowData;

/**
 * A row read by the split reader, with the split position after it is emitted.
 *
 * @param row the row
 * @param cursor the cursor to resume from once the row is emitted
 * @param emittedOfPage rows of {@code cursor}'s page emitted by then
 */
record ScannedRow(RowData row, String cursor, int emittedOfPage) {}
