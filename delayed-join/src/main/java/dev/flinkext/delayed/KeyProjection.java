package dev.flinkext.delayed;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/**
 * The join key of a stream row, as a binary row: keyed state compares keys by their bytes after a
 * restore, so a key must be the same kind of row before and after one.
 */
final class KeyProjection implements KeySelector<RowData, RowData>, ResultTypeQueryable<RowData> {

    private static final long serialVersionUID = 1L;

    private final RowType inputType;
    private final int[] fields;
    private final RowType keyType;

    private transient RowData.FieldGetter[] getters;
    private transient RowDataSerializer keySerializer;

    KeyProjection(RowType inputType, int[] fields) {
        this.inputType = inputType;
        this.fields = fields.clone();
        this.keyType = keyTypeOf(inputType, fields);
    }

    static RowType keyTypeOf(RowType inputType, int[] fields) {
        String[] names = new String[fields.length];
        org.apache.flink.table.types.logical.LogicalType[] types =
                new org.apache.flink.table.types.logical.LogicalType[fields.length];
        for (int i = 0; i < fields.length; i++) {
            names[i] = inputType.getFieldNames().get(fields[i]);
            types[i] = inputType.getTypeAt(fields[i]);
        }
        return RowType.of(types, names);
    }

    RowType keyType() {
        return keyType;
    }

    @Override
    public RowData getKey(RowData row) {
        if (getters == null) {
            getters = new RowData.FieldGetter[fields.length];
            for (int i = 0; i < fields.length; i++) {
                getters[i] = RowData.createFieldGetter(inputType.getTypeAt(fields[i]), fields[i]);
            }
            keySerializer = new RowDataSerializer(keyType);
        }
        GenericRowData key = new GenericRowData(fields.length);
        for (int i = 0; i < fields.length; i++) {
            key.setField(i, getters[i].getFieldOrNull(row));
        }
        return keySerializer.toBinaryRow(key).copy();
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return InternalTypeInfo.of(keyType);
    }
}
