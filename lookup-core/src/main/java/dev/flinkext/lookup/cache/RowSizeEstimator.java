package dev.flinkext.lookup.cache;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryFormat;
import org.apache.flink.table.data.binary.LazyBinaryFormat;

import java.io.Serializable;
import java.util.Collection;

/**
 * Estimates the heap bytes a cache entry (key + rows) holds, for {@code
 * lookup.partial-cache.max-bytes} and the {@code numCachedBytes} gauge.
 *
 * <p>An estimate, not a measurement: binary rows count their serialized size plus a fixed object
 * overhead; {@link GenericRowData} counts each field by its runtime class (strings, bytes,
 * decimals, nested rows, arrays and maps by content; other values a fixed amount). Rows of other
 * {@link RowData} classes, whose fields cannot be read without their types, count a fixed amount
 * per field. No reflection: one {@code instanceof} chain per field.
 */
public final class RowSizeEstimator implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The shared, stateless instance. */
    public static final RowSizeEstimator INSTANCE = new RowSizeEstimator();

    // Rough HotSpot sizes (64-bit, compressed oops), rounded up.
    static final long ENTRY_OVERHEAD = 96; // Caffeine node + our CacheEntry
    static final long OBJECT_OVERHEAD = 16;
    static final long REFERENCE = 8;
    static final long BINARY_OVERHEAD = 80; // section object + MemorySegment + byte[] header
    static final long ARRAY_OVERHEAD = 16;
    static final long BOXED_VALUE = 16;
    static final long UNKNOWN_FIELD = 24;

    private RowSizeEstimator() {}

    /** Estimated bytes of one cache entry: its key, the collection and every row. */
    public long estimateEntry(RowData key, Collection<RowData> rows) {
        long bytes = ENTRY_OVERHEAD + estimateRow(key) + OBJECT_OVERHEAD + ARRAY_OVERHEAD;
        for (RowData row : rows) {
            bytes += REFERENCE + estimateRow(row);
        }
        return bytes;
    }

    /** Estimated bytes of one row. */
    public long estimateRow(RowData row) {
        if (row == null) {
            return 0;
        }
        if (row instanceof BinaryFormat) { // BinaryRowData, NestedRowData
            return BINARY_OVERHEAD + ((BinaryFormat) row).getSizeInBytes();
        }
        if (row instanceof GenericRowData) {
            GenericRowData generic = (GenericRowData) row;
            long bytes = OBJECT_OVERHEAD + ARRAY_OVERHEAD;
            for (int i = 0; i < generic.getArity(); i++) {
                bytes += REFERENCE + estimateValue(generic.getField(i));
            }
            return bytes;
        }
        return OBJECT_OVERHEAD + (long) row.getArity() * UNKNOWN_FIELD;
    }

    private long estimateValue(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof LazyBinaryFormat) { // BinaryStringData, BinaryRawValueData
            LazyBinaryFormat<?> lazy = (LazyBinaryFormat<?>) value;
            if (lazy.getBinarySection() != null) {
                return BINARY_OVERHEAD + lazy.getSizeInBytes();
            }
            Object javaObject = lazy.getJavaObject();
            return javaObject instanceof String
                    ? BINARY_OVERHEAD + 2L * ((String) javaObject).length()
                    : BINARY_OVERHEAD + UNKNOWN_FIELD;
        }
        if (value instanceof BinaryFormat) { // nested binary rows, arrays, maps
            return BINARY_OVERHEAD + ((BinaryFormat) value).getSizeInBytes();
        }
        if (value instanceof StringData) {
            return BINARY_OVERHEAD + value.toString().length() * 2L;
        }
        if (value instanceof byte[]) {
            return ARRAY_OVERHEAD + ((byte[]) value).length;
        }
        if (value instanceof DecimalData) {
            DecimalData decimal = (DecimalData) value;
            // compact decimals hold a long; larger ones a BigDecimal (~ precision/2 bytes +
            // objects)
            return decimal.isCompact() ? 32 : 80 + decimal.precision() / 2;
        }
        if (value instanceof TimestampData) {
            return 24;
        }
        if (value instanceof RowData) {
            return estimateRow((RowData) value);
        }
        if (value instanceof GenericArrayData) {
            return estimateArray((GenericArrayData) value);
        }
        if (value instanceof GenericMapData) {
            MapData map = (MapData) value;
            return OBJECT_OVERHEAD
                    + 48L * map.size() // hash map nodes
                    + estimateArray(map.keyArray())
                    + estimateArray(map.valueArray());
        }
        return BOXED_VALUE; // Integer, Long, Double, Boolean, ...
    }

    private long estimateArray(ArrayData array) {
        if (array instanceof BinaryFormat) {
            return BINARY_OVERHEAD + ((BinaryFormat) array).getSizeInBytes();
        }
        if (!(array instanceof GenericArrayData)) {
            return OBJECT_OVERHEAD + (long) array.size() * UNKNOWN_FIELD;
        }
        GenericArrayData generic = (GenericArrayData) array;
        if (generic.isPrimitiveArray()) {
            return OBJECT_OVERHEAD + ARRAY_OVERHEAD + 8L * generic.size();
        }
        long bytes = OBJECT_OVERHEAD + ARRAY_OVERHEAD;
        for (Object element : generic.toObjectArray()) {
            bytes += REFERENCE + estimateValue(element);
        }
        return bytes;
    }
}
