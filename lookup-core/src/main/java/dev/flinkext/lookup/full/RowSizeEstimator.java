package dev.flinkext.lookup.full;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinarySection;
import org.apache.flink.table.data.binary.BinaryStringData;

/**
 * A rough estimate of the heap a cached row takes, for the {@code numCachedBytes} gauge. It looks
 * at the values the row holds (no type information needed), so it costs one pass over the fields at
 * load time and nothing on the lookup path. Within a factor of ~1.5 of the real footprint for
 * typical rows; good for capacity planning, not for accounting.
 */
final class RowSizeEstimator {

    private static final int OBJECT_HEADER = 16;
    private static final int REFERENCE = 8;
    // A ConcurrentHashMap node + the key row wrapper + the per-key list, per distinct key.
    static final int PER_KEY_OVERHEAD = 48 + OBJECT_HEADER + 24 + OBJECT_HEADER;

    private RowSizeEstimator() {}

    static long estimate(RowData row) {
        if (row instanceof BinarySection) {
            return OBJECT_HEADER + 32 + ((BinarySection) row).getSizeInBytes();
        }
        long size = OBJECT_HEADER + 16 + (long) REFERENCE * row.getArity();
        if (row instanceof GenericRowData) {
            GenericRowData generic = (GenericRowData) row;
            for (int i = 0; i < generic.getArity(); i++) {
                size += valueSize(generic.getField(i));
            }
        } else {
            size += 16L * row.getArity(); // unknown layout: a boxed value per field
        }
        return size;
    }

    private static long valueSize(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof BinaryStringData) {
            // the Java String (if materialized) is not counted: loaders usually hand us bytes
            return OBJECT_HEADER + 32 + ((BinaryStringData) value).getSizeInBytes();
        }
        if (value instanceof BinarySection) {
            return OBJECT_HEADER + 32 + ((BinarySection) value).getSizeInBytes();
        }
        if (value instanceof byte[]) {
            return OBJECT_HEADER + ((byte[]) value).length;
        }
        if (value instanceof DecimalData) {
            return ((DecimalData) value).isCompact() ? 32 : 96;
        }
        if (value instanceof TimestampData) {
            return 24;
        }
        if (value instanceof RowData) {
            return estimate((RowData) value);
        }
        return 16; // boxed primitives and anything else small
    }
}
