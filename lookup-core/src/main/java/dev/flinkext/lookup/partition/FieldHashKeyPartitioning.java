package dev.flinkext.lookup.partition;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.Arrays;
import java.util.List;

/**
 * The default {@link KeyPartitioning}: a hash over the key's field values, so a {@code
 * BinaryRowData} and a {@code GenericRowData} holding the same values land on the same subtask.
 */
public final class FieldHashKeyPartitioning implements KeyPartitioning {

    private static final long serialVersionUID = 1L;

    private final RowData.FieldGetter[] getters;

    private FieldHashKeyPartitioning(List<LogicalType> keyTypes) {
        this.getters = new RowData.FieldGetter[keyTypes.size()];
        for (int i = 0; i < getters.length; i++) {
            getters[i] = RowData.createFieldGetter(keyTypes.get(i), i);
        }
    }

    /**
     * @param keyTypes the key fields' types, in key-row order
     */
    public static FieldHashKeyPartitioning of(List<LogicalType> keyTypes) {
        return new FieldHashKeyPartitioning(keyTypes);
    }

    @Override
    public int subtaskOf(RowData key, int numSubtasks) {
        if (numSubtasks < 1) {
            throw new IllegalArgumentException("numSubtasks must be at least 1: " + numSubtasks);
        }
        int hash = 1;
        for (RowData.FieldGetter getter : getters) {
            hash = 31 * hash + valueHash(getter.getFieldOrNull(key));
        }
        return Math.floorMod(mix(hash), numSubtasks);
    }

    static int valueHash(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (value instanceof DecimalData decimal) {
            // DecimalData.hashCode depends on the scale; 1.5 and 1.50 are the same key.
            return decimal.toBigDecimal().stripTrailingZeros().hashCode();
        }
        // StringData, TimestampData and boxed primitives hash their value, whatever row holds them.
        return value.hashCode();
    }

    // Spreads consecutive hashes (small integers) evenly over the subtasks (murmur3 fmix32).
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
