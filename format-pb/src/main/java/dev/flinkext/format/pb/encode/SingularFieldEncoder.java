package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.mapping.ValueMapping;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * A non-repeated column: NULL is left off (refused for a proto2 required field); so is a zero where
 * proto3 has no presence. The common scalars are read unboxed from the row behind one switch; the
 * rest go through a boxed getter and the mapping's {@link ValueWriter}.
 */
final class SingularFieldEncoder implements FieldEncoder {

    private static final int OTHER = 0;
    private static final int INT32 = 1;
    private static final int SINT32 = 2;
    private static final int INT64 = 3;
    private static final int SINT64 = 4;
    private static final int DOUBLE = 5;
    private static final int FLOAT = 6;
    private static final int BOOL = 7;
    private static final int STRING = 8;
    private static final int BYTES = 9;

    private final int position;
    private final RowData.FieldGetter getter;
    private final int tag;
    private final ValueWriter writer;
    private final boolean skipDefault;
    private final boolean required;
    private final int kind;

    SingularFieldEncoder(
            int position,
            RowData.FieldGetter getter,
            int tag,
            ValueWriter writer,
            boolean skipDefault,
            boolean required,
            ValueMapping mapping) {
        this.position = position;
        this.getter = getter;
        this.tag = tag;
        this.writer = writer;
        this.skipDefault = skipDefault;
        this.required = required;
        this.kind = kindOf(mapping);
    }

    private static int kindOf(ValueMapping mapping) {
        if (mapping.shape() == ValueMapping.Shape.ENUM_AS_INT) {
            return INT32;
        }
        if (mapping.shape() != ValueMapping.Shape.SCALAR) {
            return OTHER;
        }
        LogicalTypeRoot root = mapping.logicalType().getTypeRoot();
        switch (mapping.protoType()) {
            case INT32:
                return root == LogicalTypeRoot.INTEGER ? INT32 : OTHER;
            case SINT32:
                return root == LogicalTypeRoot.INTEGER ? SINT32 : OTHER;
            case INT64:
                return INT64;
            case SINT64:
                return SINT64;
            case DOUBLE:
                return DOUBLE;
            case FLOAT:
                return root == LogicalTypeRoot.FLOAT ? FLOAT : OTHER;
            case BOOL:
                return BOOL;
            case STRING:
                return STRING;
            case BYTES:
                return BYTES;
            default:
                return OTHER;
        }
    }

    @Override
    public void encode(RowData row, PbOutput out) {
        if (row.isNullAt(position)) {
            if (required) {
                throw PbEncodeException.of(
                        "the value is NULL, but the field is required (proto2): the message would"
                                + " not parse");
            }
            return;
        }
        switch (kind) {
            case INT32:
                {
                    int value = row.getInt(position);
                    if (!skipDefault || value != 0) {
                        out.writeTag(tag);
                        out.writeVarint64(value);
                    }
                    return;
                }
            case SINT32:
                {
                    int value = row.getInt(position);
                    if (!skipDefault || value != 0) {
                        out.writeTag(tag);
                        out.writeSInt32(value);
                    }
                    return;
                }
            case INT64:
                {
                    long value = row.getLong(position);
                    if (!skipDefault || value != 0) {
                        out.writeTag(tag);
                        out.writeVarint64(value);
                    }
                    return;
                }
            case SINT64:
                {
                    long value = row.getLong(position);
                    if (!skipDefault || value != 0) {
                        out.writeTag(tag);
                        out.writeSInt64(value);
                    }
                    return;
                }
            case DOUBLE:
                {
                    long bits = Double.doubleToRawLongBits(row.getDouble(position));
                    if (!skipDefault || bits != 0) {
                        out.writeTag(tag);
                        out.writeFixed64(bits);
                    }
                    return;
                }
            case FLOAT:
                {
                    int bits = Float.floatToRawIntBits(row.getFloat(position));
                    if (!skipDefault || bits != 0) {
                        out.writeTag(tag);
                        out.writeFixed32(bits);
                    }
                    return;
                }
            case BOOL:
                {
                    boolean value = row.getBoolean(position);
                    if (!skipDefault || value) {
                        out.writeTag(tag);
                        out.writeVarint32(value ? 1 : 0);
                    }
                    return;
                }
            case STRING:
                {
                    StringData value = row.getString(position);
                    if (!skipDefault || !isEmpty(value)) {
                        out.writeTag(tag);
                        out.writeString(value);
                    }
                    return;
                }
            case BYTES:
                {
                    byte[] value = row.getBinary(position);
                    if (!skipDefault || value.length != 0) {
                        out.writeTag(tag);
                        out.writeBytes(value);
                    }
                    return;
                }
            default:
                Object value = getter.getFieldOrNull(row);
                if (skipDefault && writer.isDefault(value)) {
                    return;
                }
                out.writeTag(tag);
                writer.write(out, value);
        }
    }

    private static boolean isEmpty(StringData value) {
        return value instanceof BinaryStringData
                ? ((BinaryStringData) value).getSizeInBytes() == 0
                : value.toBytes().length == 0;
    }
}
