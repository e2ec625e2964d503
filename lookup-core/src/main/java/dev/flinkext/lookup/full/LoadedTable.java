package dev.flinkext.lookup.full;

import org.apache.flink.table.data.RowData;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * One complete, immutable copy of the dimension table as the FULL cache serves it: the rows of each
 * lookup key, plus its size. A reload builds a new instance and swaps the reference, so a lookup
 * sees either the old or the new copy, never a mix.
 */
final class LoadedTable {

    private final Map<RowData, List<RowData>> rowsByKey;
    private final long numRows;
    private final long estimatedBytes;
    private final long loadedAtMillis;

    LoadedTable(
            Map<RowData, List<RowData>> rowsByKey,
            long numRows,
            long estimatedBytes,
            long loadedAtMillis) {
        this.rowsByKey = rowsByKey;
        this.numRows = numRows;
        this.estimatedBytes = estimatedBytes;
        this.loadedAtMillis = loadedAtMillis;
    }

    /** The rows of {@code key}, or null when the table has none. */
    @Nullable
    List<RowData> get(RowData key) {
        return rowsByKey.get(key);
    }

    long numKeys() {
        return rowsByKey.size();
    }

    long numRows() {
        return numRows;
    }

    long estimatedBytes() {
        return estimatedBytes;
    }

    long loadedAtMillis() {
        return loadedAtMillis;
    }
}
