package dev.flinkext.connector.clickhouse.mapping;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import java.io.IOException;

/**
 * Reads RowBinary rows into {@link RowData}, one reader per column ({@link ClickHouseReadMapping}).
 */
public final class ClickHouseRowReader {

    private final FieldReaders.FieldReader[] readers;

    ClickHouseRowReader(FieldReaders.FieldReader[] readers) {
        this.readers = readers;
    }

    /** The next row (a new object per row: rows are kept by caches and emitted downstream). */
    public RowData read(RowBinaryInput in) throws IOException {
        GenericRowData row = new GenericRowData(readers.length);
        for (int i = 0; i < readers.length; i++) {
            row.setField(i, readers[i].read(in));
        }
        return row;
    }
}
