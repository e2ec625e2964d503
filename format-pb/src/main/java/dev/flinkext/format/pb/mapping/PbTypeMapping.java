package dev.flinkext.format.pb.mapping;

import dev.flinkext.format.pb.PbFormatOptions;
import dev.flinkext.format.pb.config.PbFormatConfig;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a table's row type against a protobuf message and binds every column to its field. All
 * type rules of the format live here, so reading and writing agree, and every refusal names the
 * column, the field and both types.
 */
public final class PbTypeMapping {

    static final String TIMESTAMP = "google.protobuf.Timestamp";

    private static final Set<String> WRAPPERS =
            Set.of(
                    "google.protobuf.DoubleValue",
                    "google.protobuf.FloatValue",
                    "google.protobuf.Int64Value",
                    "google.protobuf.UInt64Value",
                    "google.protobuf.Int32Value",
                    "google.protobuf.UInt32Value",
                    "google.protobuf.BoolValue",
                    "google.protobuf.StringValue",
                    "google.protobuf.BytesValue");

    private final PbFormatConfig config;

    private PbTypeMapping(PbFormatConfig config) {
        this.config = config;
    }

    /** Binds {@code rowType}'s columns to {@code message}'s fields, or explains why not. */
    public static MessageMapping bind(Descriptor message, RowType rowType, PbFormatConfig config) {
        return new PbTypeMapping(config).bindRow(message, rowType, "", 1);
    }

    private MessageMapping bindRow(Descriptor message, RowType rowType, String prefix, int depth) {
        if (depth > config.maxRecursionDepth()) {
            throw new ValidationException(
                    String.format(
                            "Column '%s' nests protobuf messages %d deep, deeper than '%s' = %d"
                                    + " allows.",
                            prefix.substring(0, prefix.length() - 1),
                            depth,
                            "pb." + PbFormatOptions.MAX_RECURSION_DEPTH.key(),
                            config.maxRecursionDepth()));
        }
        List<ColumnMapping> columns = new ArrayList<>();
        List<RowType.RowField> fields = rowType.getFields();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).getName();
            String path = prefix + name;
            FieldDescriptor field = message.findFieldByName(name);
            if (field == null) {
                throw new ValidationException(unknownColumn(message, name, path));
            }
            LogicalType type = fields.get(i).getType();
            columns.add(new ColumnMapping(i, path, field, bindField(field, type, path, depth)));
        }
        return new MessageMapping(message, rowType, columns);
    }

    private ValueMapping bindField(
            FieldDescriptor field, LogicalType type, String path, int depth) {
        if (field.isMapField()) {
            if (!(type instanceof MapType)) {
                throw mismatch(path, type, field, "MAP<" + describe(mapKey(field)) + ", ...>");
            }
            MapType mapType = (MapType) type;
            ValueMapping key =
                    bindSingle(mapKey(field), mapType.getKeyType(), path + ".key", depth);
            ValueMapping value =
                    bindSingle(mapValue(field), mapType.getValueType(), path + ".value", depth);
            return ValueMapping.map(key, value, type);
        }
        if (field.isRepeated()) {
            if (!(type instanceof ArrayType)) {
                throw mismatch(path, type, field, "ARRAY<...>");
            }
            ValueMapping element =
                    bindSingle(field, ((ArrayType) type).getElementType(), path, depth);
            return ValueMapping.array(element, type);
        }
        return bindSingle(field, type, path, depth);
    }

    /** The mapping of one value of {@code field}, ignoring whether the field is repeated. */
    private ValueMapping bindSingle(
            FieldDescriptor field, LogicalType type, String path, int depth) {
        LogicalTypeRoot root = type.getTypeRoot();
        switch (field.getType()) {
            case INT32:
            case SINT32:
            case SFIXED32:
                return expect(
                        field,
                        type,
                        path,
                        root == LogicalTypeRoot.INTEGER || root == LogicalTypeRoot.BIGINT,
                        "INT (or BIGINT)");
            case INT64:
            case SINT64:
            case SFIXED64:
                return expect(field, type, path, root == LogicalTypeRoot.BIGINT, "BIGINT");
            case UINT32:
            case FIXED32:
                return expect(
                        field,
                        type,
                        path,
                        root == LogicalTypeRoot.BIGINT,
                        "BIGINT (an unsigned 32-bit value does not fit INT)");
            case UINT64:
            case FIXED64:
                return bindUint64(field, type, path);
            case FLOAT:
                return expect(
                        field,
                        type,
                        path,
                        root == LogicalTypeRoot.FLOAT || root == LogicalTypeRoot.DOUBLE,
                        "FLOAT (or DOUBLE)");
            case DOUBLE:
                return expect(field, type, path, root == LogicalTypeRoot.DOUBLE, "DOUBLE");
            case BOOL:
                return expect(field, type, path, root == LogicalTypeRoot.BOOLEAN, "BOOLEAN");
            case STRING:
                return expect(
                        field, type, path, type.is(LogicalTypeFamily.CHARACTER_STRING), "STRING");
            case BYTES:
                return expect(field, type, path, type.is(LogicalTypeFamily.BINARY_STRING), "BYTES");
            case ENUM:
                if (type.is(LogicalTypeFamily.CHARACTER_STRING)) {
                    return ValueMapping.enumeration(
                            ValueMapping.Shape.ENUM_AS_STRING, field.getEnumType(), type);
                }
                if (root == LogicalTypeRoot.INTEGER) {
                    return ValueMapping.enumeration(
                            ValueMapping.Shape.ENUM_AS_INT, field.getEnumType(), type);
                }
                throw mismatch(path, type, field, "STRING (the name) or INT (the number)");
            case MESSAGE:
            case GROUP:
                return bindMessage(field, type, path, depth);
            default:
                throw new ValidationException(
                        "Protobuf field '"
                                + field.getFullName()
                                + "' has an unsupported type "
                                + field.getType()
                                + ".");
        }
    }

    private ValueMapping bindMessage(
            FieldDescriptor field, LogicalType type, String path, int depth) {
        Descriptor message = field.getMessageType();
        String name = message.getFullName();
        if (type instanceof RowType) {
            return ValueMapping.row(
                    field.getType(), bindRow(message, (RowType) type, path + ".", depth + 1), type);
        }
        if (name.equals(TIMESTAMP)) {
            if (type.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                return ValueMapping.timestamp(type);
            }
            throw mismatch(path, type, field, "TIMESTAMP_LTZ(9) or ROW<seconds BIGINT, nanos INT>");
        }
        if (WRAPPERS.contains(name)) {
            FieldDescriptor inner = message.findFieldByNumber(1);
            try {
                return ValueMapping.wrapper(bindSingle(inner, type, path, depth), type);
            } catch (ValidationException e) {
                throw mismatch(
                        path, type, field, describe(inner) + "'s Flink type or ROW<value ...>");
            }
        }
        throw mismatch(path, type, field, "ROW<...> with some of the fields of " + name);
    }

    private ValueMapping bindUint64(FieldDescriptor field, LogicalType type, String path) {
        boolean exact =
                type.getTypeRoot() == LogicalTypeRoot.DECIMAL
                        && ((DecimalType) type).getScale() == 0
                        && ((DecimalType) type).getPrecision() >= 20;
        if (exact) {
            return scalar(field, type);
        }
        String option = "'pb." + PbFormatOptions.UINT64_AS_BIGINT.key() + "'";
        if (type.getTypeRoot() == LogicalTypeRoot.BIGINT) {
            if (config.uint64AsBigint()) {
                return scalar(field, type);
            }
            throw mismatch(
                    path,
                    type,
                    field,
                    "DECIMAL(20, 0) (or BIGINT with "
                            + option
                            + " = 'true': values of 2^63 and"
                            + " above then read as negative numbers)");
        }
        throw mismatch(
                path,
                type,
                field,
                config.uint64AsBigint()
                        ? "BIGINT (" + option + " is set) or DECIMAL(20, 0)"
                        : "DECIMAL(20, 0)");
    }

    private ValueMapping expect(
            FieldDescriptor field, LogicalType type, String path, boolean ok, String expected) {
        if (!ok) {
            throw mismatch(path, type, field, expected);
        }
        return scalar(field, type);
    }

    private ValueMapping scalar(FieldDescriptor field, LogicalType type) {
        boolean utf8 = field.getType() == FieldDescriptor.Type.STRING && requiresUtf8(field);
        return ValueMapping.scalar(field.getType(), type, utf8);
    }

    /**
     * Whether protobuf-java checks the field's strings: proto3, editions unless a feature turns it
     * off, proto2 with java_string_check_utf8, and map entries always.
     */
    private static boolean requiresUtf8(FieldDescriptor field) {
        return field.needsUtf8Check();
    }

    private static FieldDescriptor mapKey(FieldDescriptor mapField) {
        return mapField.getMessageType().findFieldByNumber(1);
    }

    private static FieldDescriptor mapValue(FieldDescriptor mapField) {
        return mapField.getMessageType().findFieldByNumber(2);
    }

    private static ValidationException mismatch(
            String path, LogicalType type, FieldDescriptor field, String expected) {
        return new ValidationException(
                String.format(
                        "Column '%s' is declared %s, but protobuf field '%s' is %s: declare %s.",
                        path,
                        type.asSummaryString(),
                        field.getFullName(),
                        describe(field),
                        expected));
    }

    /** A field's protobuf type as a .proto file spells it. */
    static String describe(FieldDescriptor field) {
        String single;
        if (field.getType() == FieldDescriptor.Type.MESSAGE
                || field.getType() == FieldDescriptor.Type.GROUP) {
            single = field.getMessageType().getFullName();
        } else if (field.getType() == FieldDescriptor.Type.ENUM) {
            single = "enum " + field.getEnumType().getFullName();
        } else {
            single = field.getType().name().toLowerCase();
        }
        if (field.isMapField()) {
            return "map<" + describe(mapKey(field)) + ", " + describe(mapValue(field)) + ">";
        }
        return field.isRepeated() ? "repeated " + single : single;
    }

    private static String unknownColumn(Descriptor message, String name, String path) {
        String suggestion =
                message.getFields().stream()
                        .filter(
                                f ->
                                        f.getName().equalsIgnoreCase(name)
                                                || f.getJsonName().equals(name))
                        .map(f -> " Did you mean '" + f.getName() + "'?")
                        .findFirst()
                        .orElse("");
        String fields =
                message.getFields().stream()
                        .map(f -> f.getName() + " " + describe(f))
                        .collect(Collectors.joining(", "));
        return String.format(
                "Column '%s' is not a field of protobuf message '%s'.%s Its fields: %s.",
                path, message.getFullName(), suggestion, fields);
    }
}
