package dev.flinkext.benchmarks.format.pb;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RowData} of any implementation (generic, binary, lazy) as plain Java values, to compare
 * two formats' rows: rows and arrays become lists, maps become {@link HashMap}s, strings become
 * {@link String}s. An absent (NULL) array or map reads as an empty one: flink-protobuf gives NULL
 * for an empty repeated field, flinkext an empty one, and that is no difference in the work done.
 */
final class RowValues {

    private RowValues() {}

    static List<Object> of(RowType type, RowData row) {
        List<Object> values = new ArrayList<>(row.getArity());
        for (int i = 0; i < type.getFieldCount(); i++) {
            LogicalType fieldType = type.getTypeAt(i);
            values.add(
                    value(fieldType, RowData.createFieldGetter(fieldType, i).getFieldOrNull(row)));
        }
        return values;
    }

    private static Object value(LogicalType type, Object internal) {
        switch (type.getTypeRoot()) {
            case ROW:
                return internal == null ? null : of((RowType) type, (RowData) internal);
            case ARRAY:
                {
                    if (internal == null) {
                        return Collections.emptyList();
                    }
                    ArrayData array = (ArrayData) internal;
                    LogicalType elementType = ((ArrayType) type).getElementType();
                    ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType);
                    List<Object> values = new ArrayList<>(array.size());
                    for (int i = 0; i < array.size(); i++) {
                        values.add(value(elementType, getter.getElementOrNull(array, i)));
                    }
                    return values;
                }
            case MAP:
                {
                    if (internal == null) {
                        return Collections.emptyMap();
                    }
                    MapData map = (MapData) internal;
                    MapType mapType = (MapType) type;
                    ArrayData.ElementGetter keys =
                            ArrayData.createElementGetter(mapType.getKeyType());
                    ArrayData.ElementGetter values =
                            ArrayData.createElementGetter(mapType.getValueType());
                    Map<Object, Object> result = new HashMap<>();
                    for (int i = 0; i < map.size(); i++) {
                        result.put(
                                value(
                                        mapType.getKeyType(),
                                        keys.getElementOrNull(map.keyArray(), i)),
                                value(
                                        mapType.getValueType(),
                                        values.getElementOrNull(map.valueArray(), i)));
                    }
                    return result;
                }
            case CHAR:
            case VARCHAR:
                return internal == null ? null : ((StringData) internal).toString();
            case BINARY:
            case VARBINARY:
                return internal == null
                        ? null
                        : java.util.HexFormat.of().formatHex((byte[]) internal);
            default:
                return internal;
        }
    }
}
