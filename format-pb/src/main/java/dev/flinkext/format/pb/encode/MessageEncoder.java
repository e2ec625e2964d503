package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.mapping.ColumnMapping;
import dev.flinkext.format.pb.mapping.InternalValues;
import dev.flinkext.format.pb.mapping.MessageMapping;
import dev.flinkext.format.pb.mapping.ValueMapping;
import dev.flinkext.format.pb.mapping.WireTypes;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a row as one message, fields in number order (protobuf's canonical order, so equal rows
 * give equal bytes), straight from Flink's internal data.
 */
final class MessageEncoder {

    private final FieldEncoder[] fields;
    private final String[] paths;
    private final String[] fieldNames;
    private final int[][] oneofGroups;
    private final String[] columnNames;

    private MessageEncoder(
            FieldEncoder[] fields,
            String[] paths,
            String[] fieldNames,
            int[][] oneofGroups,
            String[] columnNames) {
        this.fields = fields;
        this.paths = paths;
        this.fieldNames = fieldNames;
        this.oneofGroups = oneofGroups;
        this.columnNames = columnNames;
    }

    void encode(RowData row, PbOutput out) {
        for (int[] group : oneofGroups) {
            checkOneof(row, group);
        }
        for (int i = 0; i < fields.length; i++) {
            try {
                fields[i].encode(row, out);
            } catch (RuntimeException e) {
                throw PbEncodeException.inColumn(paths[i], fieldNames[i], e);
            }
        }
    }

    /** Two set members of one oneof would lose one of them: refuse instead. */
    private void checkOneof(RowData row, int[] group) {
        int set = -1;
        for (int position : group) {
            if (!row.isNullAt(position)) {
                if (set >= 0) {
                    throw PbEncodeException.of(
                            "Columns '"
                                    + columnNames[set]
                                    + "' and '"
                                    + columnNames[position]
                                    + "' are members of one protobuf oneof; only one may be"
                                    + " non-NULL in a row.");
                }
                set = position;
            }
        }
    }

    static MessageEncoder forMapping(MessageMapping mapping, PbFormatConfig config) {
        checkRequiredFields(mapping);
        List<ColumnMapping> columns = new ArrayList<>(mapping.columns());
        columns.sort(Comparator.comparingInt(c -> c.field().getNumber()));
        RowType rowType = mapping.rowType();
        FieldEncoder[] fields = new FieldEncoder[columns.size()];
        String[] paths = new String[columns.size()];
        String[] fieldNames = new String[columns.size()];
        Map<OneofDescriptor, List<Integer>> oneofs = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnMapping column = columns.get(i);
            fields[i] = fieldEncoder(column, rowType.getTypeAt(column.position()), config);
            paths[i] = column.path();
            fieldNames[i] = column.field().getFullName() + " (#" + column.field().getNumber() + ")";
            OneofDescriptor oneof = column.field().getRealContainingOneof();
            if (oneof != null) {
                oneofs.computeIfAbsent(oneof, o -> new ArrayList<>()).add(column.position());
            }
        }
        int[][] oneofGroups =
                oneofs.values().stream()
                        .filter(group -> group.size() > 1)
                        .map(group -> group.stream().mapToInt(Integer::intValue).toArray())
                        .toArray(int[][]::new);
        String[] columnNames = new String[rowType.getFieldCount()];
        for (ColumnMapping column : mapping.columns()) {
            columnNames[column.position()] = column.path();
        }
        return new MessageEncoder(fields, paths, fieldNames, oneofGroups, columnNames);
    }

    /** A proto2 message without its required fields does not parse: refuse such a row type. */
    private static void checkRequiredFields(MessageMapping mapping) {
        for (FieldDescriptor field : mapping.message().getFields()) {
            boolean declared = mapping.columns().stream().anyMatch(c -> c.field().equals(field));
            if (field.isRequired() && !declared) {
                throw new ValidationException(
                        "Protobuf field '"
                                + field.getFullName()
                                + "' is required (proto2), but the row written as message '"
                                + mapping.message().getFullName()
                                + "' has no column '"
                                + field.getName()
                                + "': without it the messages would not parse.");
            }
        }
    }

    private static FieldEncoder fieldEncoder(
            ColumnMapping column, LogicalType type, PbFormatConfig config) {
        FieldDescriptor field = column.field();
        ValueMapping value = column.value();
        int position = column.position();
        switch (value.shape()) {
            case ARRAY:
                ValueMapping element = value.element();
                boolean packed = field.isPacked() && WireTypes.packable(element.protoType());
                return new RepeatedFieldEncoder(
                        position,
                        field.getNumber(),
                        WireTypes.of(element.protoType()),
                        packed,
                        ArrayData.createElementGetter(element.logicalType()),
                        ValueWriters.of(element, field, config),
                        nullElement(field, element, config));
            case MAP:
                FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
                FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
                ValueMapping key = value.key();
                ValueMapping mapValue = value.value();
                return new MapFieldEncoder(
                        position,
                        field.getNumber(),
                        WireTypes.of(key.protoType()),
                        WireTypes.of(mapValue.protoType()),
                        ArrayData.createElementGetter(key.logicalType()),
                        ArrayData.createElementGetter(mapValue.logicalType()),
                        ValueWriters.of(key, keyField, config),
                        ValueWriters.of(mapValue, valueField, config),
                        nullElement(keyField, key, config),
                        nullElement(valueField, mapValue, config));
            default:
                int wireType = WireTypes.of(value.protoType());
                return new SingularFieldEncoder(
                        position,
                        RowData.createFieldGetter(type, position),
                        WireTypes.tag(field.getNumber(), wireType),
                        ValueWriters.of(value, field, config),
                        !column.hasPresence(),
                        field.isRequired(),
                        value);
        }
    }

    /** What a NULL element, key or value is written as: protobuf has no NULL there. */
    private static Object nullElement(
            FieldDescriptor field, ValueMapping mapping, PbFormatConfig config) {
        switch (mapping.shape()) {
            case ROW:
                return new GenericRowData(mapping.message().columns().size());
            case SCALAR:
                if (field.getType() == FieldDescriptor.Type.STRING) {
                    return StringData.fromString(config.writeNullStringLiteral());
                }
                return InternalValues.defaultOf(field, mapping);
            default:
                return InternalValues.defaultOf(field, mapping);
        }
    }
}
