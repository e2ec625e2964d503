package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.mapping.ColumnMapping;
import dev.flinkext.format.pb.mapping.InternalValues;
import dev.flinkext.format.pb.mapping.MessageMapping;
import dev.flinkext.format.pb.mapping.ValueMapping;
import dev.flinkext.format.pb.mapping.WireTypes;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.MapData;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one message straight from the wire into a row: only the fields the row declares are
 * decoded, every other field is skipped without building anything. Unset columns then get NULL or
 * their default, repeated and map columns an empty ARRAY/MAP.
 */
final class MessageDecoder {

    /** Field numbers up to this are looked up in an array; larger ones in a map. */
    private static final int DENSE_LIMIT = 1024;

    private final int arity;
    private final FieldDecoder[] byNumber;
    // plain scalars are read right in the loop, without a call per field
    private final int[] inlineTags;
    private final int[] inlineKinds;
    private final int[] inlinePositions;
    private final MessageBytes message;
    private final Map<Integer, FieldDecoder> sparse;
    private final RepeatedFieldDecoder[] arrays;
    private final int[] mapPositions;
    private final int[] defaultedPositions;
    private final Object[] defaultConstants;
    private final DefaultValue[] defaultSuppliers;

    private MessageDecoder(
            int arity,
            FieldDecoder[] byNumber,
            Map<Integer, FieldDecoder> sparse,
            RepeatedFieldDecoder[] arrays,
            int[] mapPositions,
            int[] defaultedPositions,
            Object[] defaultConstants,
            DefaultValue[] defaultSuppliers,
            MessageBytes message) {
        this.arity = arity;
        this.byNumber = byNumber;
        this.message = message;
        this.inlineTags = new int[byNumber.length];
        this.inlineKinds = new int[byNumber.length];
        this.inlinePositions = new int[byNumber.length];
        for (int number = 0; number < byNumber.length; number++) {
            if (byNumber[number] instanceof SingularFieldDecoder) {
                SingularFieldDecoder field = (SingularFieldDecoder) byNumber[number];
                inlineTags[number] = field.inlineTag();
                inlineKinds[number] = field.scalarKind();
                inlinePositions[number] = field.position();
            }
        }
        this.sparse = sparse;
        this.arrays = arrays;
        this.mapPositions = mapPositions;
        this.defaultedPositions = defaultedPositions;
        this.defaultConstants = defaultConstants;
        this.defaultSuppliers = defaultSuppliers;
    }

    /**
     * Reads fields until the input's limit or an END_GROUP tag (check {@code
     * in.checkLastTagWas(...)} afterwards).
     */
    GenericRowData decode(CodedInputStream in) throws IOException {
        return decodeInto(new GenericRowData(arity), in);
    }

    /**
     * Reads another occurrence of a message field into what the earlier ones gave, as protobuf
     * merges them: set scalars replace, repeated fields and maps append, messages merge.
     */
    GenericRowData decodeMerging(CodedInputStream in, GenericRowData previous) throws IOException {
        GenericRowData row = new GenericRowData(arity);
        for (int i = 0; i < arity; i++) {
            row.setField(i, previous.getField(i));
        }
        for (RepeatedFieldDecoder array : arrays) {
            row.setField(
                    array.position(),
                    array.reopen((GenericArrayData) previous.getField(array.position())));
        }
        for (int position : mapPositions) {
            MapData map = (MapData) previous.getField(position);
            Map<Object, Object> entries = new LinkedHashMap<>();
            Object[] keys = ((GenericArrayData) map.keyArray()).toObjectArray();
            Object[] values = ((GenericArrayData) map.valueArray()).toObjectArray();
            for (int i = 0; i < keys.length; i++) {
                entries.put(keys[i], values[i]);
            }
            row.setField(position, entries);
        }
        return decodeInto(row, in);
    }

    private GenericRowData decodeInto(GenericRowData row, CodedInputStream in) throws IOException {
        while (true) {
            int tag = in.readTag();
            if (tag == 0 || WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_END_GROUP) {
                break;
            }
            int number = tag >>> 3;
            if (number < inlineTags.length && inlineTags[number] == tag) {
                try {
                    row.setField(
                            inlinePositions[number],
                            ScalarReads.read(inlineKinds[number], in, message));
                } catch (IOException | RuntimeException e) {
                    throw PbDecodeException.inField(byNumber[number], e);
                }
                continue;
            }
            FieldDecoder field =
                    number < byNumber.length
                            ? byNumber[number]
                            : sparse == null ? null : sparse.get(number);
            if (field == null) {
                in.skipField(tag);
                continue;
            }
            try {
                field.decode(in, tag, row);
            } catch (IOException | RuntimeException e) {
                throw PbDecodeException.inField(field, e);
            }
        }
        finish(row);
        return row;
    }

    /** A row of this message's defaults (for read-default-values of an unset message). */
    GenericRowData decodeEmpty() {
        try {
            return decode(CodedInputStream.newInstance(new byte[0]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void finish(GenericRowData row) {
        for (RepeatedFieldDecoder array : arrays) {
            ElementList elements = (ElementList) row.getField(array.position());
            row.setField(
                    array.position(), elements == null ? array.empty() : elements.toArrayData());
        }
        for (int position : mapPositions) {
            Map<Object, Object> entries = (Map<Object, Object>) row.getField(position);
            row.setField(position, new GenericMapData(entries == null ? Map.of() : entries));
        }
        // only columns whose unset value is not NULL: constants are shared, rows are built
        for (int i = 0; i < defaultedPositions.length; i++) {
            int position = defaultedPositions[i];
            if (row.getField(position) == null) {
                DefaultValue supplier = defaultSuppliers[i];
                row.setField(position, supplier == null ? defaultConstants[i] : supplier.get());
            }
        }
    }

    /** Compiles a checked mapping into decoders (nested rows get their own). */
    static MessageDecoder forMapping(
            MessageMapping mapping, PbFormatConfig config, MessageBytes message) {
        List<ColumnMapping> columns = mapping.columns();
        List<FieldDecoder> undeclaredMembers = undeclaredOneofMembers(columns);
        int maxNumber = 0;
        for (ColumnMapping column : columns) {
            maxNumber = Math.max(maxNumber, column.field().getNumber());
        }
        for (FieldDecoder member : undeclaredMembers) {
            maxNumber = Math.max(maxNumber, member.fieldNumber());
        }
        FieldDecoder[] byNumber = new FieldDecoder[Math.min(maxNumber, DENSE_LIMIT) + 1];
        Map<Integer, FieldDecoder> sparse = maxNumber > DENSE_LIMIT ? new HashMap<>() : null;
        List<RepeatedFieldDecoder> arrays = new ArrayList<>();
        List<Integer> maps = new ArrayList<>();
        List<Integer> defaulted = new ArrayList<>();
        List<Object> constants = new ArrayList<>();
        List<DefaultValue> suppliers = new ArrayList<>();
        for (ColumnMapping column : columns) {
            FieldDescriptor field = column.field();
            ValueMapping value = column.value();
            FieldDecoder decoder;
            switch (value.shape()) {
                case ARRAY:
                    ValueMapping element = value.element();
                    RepeatedFieldDecoder repeated =
                            new RepeatedFieldDecoder(
                                    column.position(),
                                    WireTypes.of(element.protoType()),
                                    WireTypes.packable(element.protoType()),
                                    ValueReaders.of(element, field, config, message),
                                    message,
                                    ScalarReads.kindOf(element),
                                    ElementList.Kind.of(element.logicalType()),
                                    column.path(),
                                    field.getNumber());
                    arrays.add(repeated);
                    decoder = repeated;
                    break;
                case MAP:
                    decoder = mapDecoder(column, config, message);
                    maps.add(column.position());
                    break;
                default:
                    decoder =
                            new SingularFieldDecoder(
                                    column.position(),
                                    WireTypes.of(value.protoType()),
                                    ValueReaders.of(value, field, config, message),
                                    message,
                                    ScalarReads.kindOf(value),
                                    oneofSiblings(column, columns),
                                    column.path(),
                                    field.getNumber());
                    DefaultValue unset = unsetValue(column, config, message);
                    if (unset != DefaultValue.NULL) {
                        boolean constant = unset instanceof DefaultValue.Constant;
                        defaulted.add(column.position());
                        constants.add(constant ? unset.get() : null);
                        suppliers.add(constant ? null : unset);
                    }
            }
            if (field.getNumber() < byNumber.length) {
                byNumber[field.getNumber()] = decoder;
            } else {
                sparse.put(field.getNumber(), decoder);
            }
        }
        for (FieldDecoder member : undeclaredMembers) {
            if (member.fieldNumber() < byNumber.length) {
                byNumber[member.fieldNumber()] = member;
            } else {
                sparse.put(member.fieldNumber(), member);
            }
        }
        return new MessageDecoder(
                columns.size(),
                byNumber,
                sparse,
                arrays.toArray(new RepeatedFieldDecoder[0]),
                toArray(maps),
                toArray(defaulted),
                constants.toArray(),
                suppliers.toArray(new DefaultValue[0]),
                message);
    }

    private static FieldDecoder mapDecoder(
            ColumnMapping column, PbFormatConfig config, MessageBytes message) {
        FieldDescriptor entry = column.field();
        FieldDescriptor keyField = entry.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = entry.getMessageType().findFieldByNumber(2);
        ValueMapping key = column.value().key();
        ValueMapping value = column.value().value();
        return new MapFieldDecoder(
                column.position(),
                ValueReaders.of(key, keyField, config, message),
                WireTypes.of(key.protoType()),
                InternalValues.defaultOf(keyField, key),
                ValueReaders.of(value, valueField, config, message),
                WireTypes.of(value.protoType()),
                elementDefault(valueField, value, config, message),
                column.path(),
                entry.getNumber());
    }

    /** What an unset singular column reads as. */
    private static DefaultValue unsetValue(
            ColumnMapping column, PbFormatConfig config, MessageBytes message) {
        boolean nullable = column.value().logicalType().isNullable();
        if (column.hasPresence() && nullable && !config.readDefaultValues()) {
            return DefaultValue.NULL;
        }
        return elementDefault(column.field(), column.value(), config, message);
    }

    /** The default of a value that must not be NULL (a map value, a column without presence). */
    private static DefaultValue elementDefault(
            FieldDescriptor field,
            ValueMapping value,
            PbFormatConfig config,
            MessageBytes message) {
        if (value.shape() == ValueMapping.Shape.ROW) {
            // compiled on first use: compiling it here too (besides the row's reader) doubled the
            // work per level of a recursive declaration, 2^depth decoders
            MessageDecoder[] nested = new MessageDecoder[1];
            return () -> {
                if (nested[0] == null) {
                    nested[0] = forMapping(value.message(), config, message);
                }
                return nested[0].decodeEmpty();
            };
        }
        return DefaultValue.constant(InternalValues.defaultOf(field, value));
    }

    /** Positions of the other columns in the same oneof: setting one member unsets the rest. */
    private static int[] oneofSiblings(ColumnMapping column, List<ColumnMapping> columns) {
        OneofDescriptor oneof = column.field().getRealContainingOneof();
        if (oneof == null) {
            return new int[0];
        }
        return columns.stream()
                .filter(c -> c != column && oneof.equals(c.field().getRealContainingOneof()))
                .mapToInt(ColumnMapping::position)
                .toArray();
    }

    /**
     * Members of a oneof that has columns but are not columns themselves: one of them on the wire
     * unsets the member columns read before it, as protobuf-java would (a subset of the columns
     * must read like the same columns of a full decode).
     */
    private static List<FieldDecoder> undeclaredOneofMembers(List<ColumnMapping> columns) {
        Map<OneofDescriptor, int[]> declared = new HashMap<>();
        for (ColumnMapping column : columns) {
            OneofDescriptor oneof = column.field().getRealContainingOneof();
            if (oneof != null) {
                declared.computeIfAbsent(
                        oneof,
                        o ->
                                columns.stream()
                                        .filter(c -> o.equals(c.field().getRealContainingOneof()))
                                        .mapToInt(ColumnMapping::position)
                                        .toArray());
            }
        }
        List<FieldDecoder> members = new ArrayList<>();
        declared.forEach(
                (oneof, positions) -> {
                    for (FieldDescriptor member : oneof.getFields()) {
                        boolean isColumn = columns.stream().anyMatch(c -> c.field().equals(member));
                        if (!isColumn) {
                            members.add(new UndeclaredOneofMember(member, positions));
                        }
                    }
                });
        return members;
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
