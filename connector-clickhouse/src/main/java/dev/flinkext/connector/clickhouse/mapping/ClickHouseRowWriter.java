package dev.flinkext.connector.clickhouse.mapping;

import org.apache.flink.table.data.RowData;

/**
 * Writes a row's columns in RowBinary, in the order of the INSERT's column list ({@link
 * ClickHouseRowMapping#insertColumns()}), each through the writer chosen for it once.
 */
public final class ClickHouseRowWriter {

    private final FieldWriter[] writers;
    private final int[] positions;

    ClickHouseRowWriter(FieldWriter[] writers, int[] positions) {
        this.writers = writers;
        this.positions = positions;
    }

    /**
     * Appends {@code row} to {@code out}.
     *
     * @throws IllegalArgumentException for a value its column cannot take, naming the column and
     *     the value; {@code out} then holds part of the row
     */
    public void write(RowData row, RowBinaryOutput out) {
        for (int i = 0; i < writers.length; i++) {
            writers[i].write(row, positions[i], out);
        }
    }
}
