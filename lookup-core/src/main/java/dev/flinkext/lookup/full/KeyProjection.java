package dev.flinkext.lookup.full;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Extracts the lookup key of a loaded row, built exactly like the key row the planner passes to
 * {@code LookupFunction.lookup}: a {@link GenericRowData} (row kind INSERT) of the key columns'
 * internal values, in the order of {@code LookupContext.getKeys()}. Only then do {@code equals} and
 * {@code hashCode} of the two match in the cache's hash map.
 */
public final class KeyProjection implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] keyIndices;
    private final RowData.FieldGetter[] getters;
    // DecimalData.hashCode depends on the scale: a loader's 1.5 (scale 1) would never match the
    // planner's 1.50 (scale 2) although they are equal. Null where the column is not a DECIMAL.
    private final DecimalType[] decimalTypes;
    private final String description;

    private KeyProjection(RowType rowType, int[] keyIndices) {
        this.keyIndices = keyIndices.clone();
        this.getters = new RowData.FieldGetter[keyIndices.length];
        this.decimalTypes = new DecimalType[keyIndices.length];
        String[] names = new String[keyIndices.length];
        for (int i = 0; i < keyIndices.length; i++) {
            LogicalType type = rowType.getTypeAt(keyIndices[i]);
            getters[i] = RowData.createFieldGetter(type, keyIndices[i]);
            decimalTypes[i] = type instanceof DecimalType ? (DecimalType) type : null;
            names[i] = rowType.getFieldNames().get(keyIndices[i]);
        }
        this.description = String.join(", ", names);
    }

    /**
     * The projection of the planner's lookup keys.
     *
     * @param rowType the type of the rows the loader produces (the table's physical row type)
     * @param lookupKeys {@code LookupContext.getKeys()}: one index path per key column
     * @throws ValidationException for a nested key path or an index outside the row
     */
    public static KeyProjection of(RowType rowType, int[][] lookupKeys) {
        int[] indices = new int[lookupKeys.length];
        for (int i = 0; i < lookupKeys.length; i++) {
            if (lookupKeys[i].length != 1) {
                throw new ValidationException(
                        "The FULL lookup cache supports only top-level key columns, got the nested"
                                + " key path "
                                + Arrays.toString(lookupKeys[i]));
            }
            indices[i] = lookupKeys[i][0];
        }
        return ofIndices(rowType, indices);
    }

    /** The projection of top-level key columns given by their indices in {@code rowType}. */
    public static KeyProjection ofIndices(RowType rowType, int... keyIndices) {
        for (int index : keyIndices) {
            if (index < 0 || index >= rowType.getFieldCount()) {
                throw new ValidationException(
                        "Lookup key index " + index + " is outside the row type " + rowType);
            }
        }
        return new KeyProjection(rowType, keyIndices);
    }

    /** The key row of {@code row}; a fresh object, safe to keep as a map key. */
    public RowData keyOf(RowData row) {
        GenericRowData key = new GenericRowData(getters.length);
        for (int i = 0; i < getters.length; i++) {
            Object value = getters[i].getFieldOrNull(row);
            if (value != null && decimalTypes[i] != null) {
                value = rescale((DecimalData) value, decimalTypes[i]);
            }
            key.setField(i, value);
        }
        return key;
    }

    private static DecimalData rescale(DecimalData value, DecimalType type) {
        if (value.scale() == type.getScale()) {
            return value;
        }
        return DecimalData.fromBigDecimal(
                value.toBigDecimal(), type.getPrecision(), type.getScale());
    }

    /** The indices of the key columns in the loaded row. */
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    @Override
    public String toString() {
        return "KeyProjection(" + description + ")";
    }
}
