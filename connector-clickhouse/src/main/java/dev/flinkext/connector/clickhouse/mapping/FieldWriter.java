package dev.flinkext.connector.clickhouse.mapping;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;

/**
 * Writes one value in RowBinary, read from a field of a row or an element of an array. Built once
 * per column (and per nested element type) by {@link FieldWriters#create}, for one pair of Flink
 * type and ClickHouse type: the per-row work is a getter, a range check where the ClickHouse type
 * is narrower, and the bytes; no boxing, no formatting, no type dispatch.
 *
 * <p>Null handling is part of the writer: a writer for a {@code Nullable} column writes the null
 * flag; one for a non-Nullable column refuses a null naming the column.
 */
public abstract class FieldWriter {

    /** The column as messages name it, e.g. {@code tags[]} for an element of column tags. */
    protected final String column;

    protected FieldWriter(String column) {
        this.column = column;
    }

    /** Writes field {@code pos} of {@code row}. */
    public abstract void write(RowData row, int pos, RowBinaryOutput out);

    /** Writes element {@code pos} of {@code array}. */
    public abstract void writeElement(ArrayData array, int pos, RowBinaryOutput out);

    /** A value the ClickHouse column cannot hold: names the column and the value. */
    protected IllegalArgumentException refused(Object value, String why) {
        return new IllegalArgumentException(
                "Column '" + column + "' cannot take the value " + value + ": " + why);
    }
}
