package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.mapping.ValueMapping;

import org.apache.flink.table.types.logical.LogicalTypeRoot;

import com.google.protobuf.CodedInputStream;

import java.io.IOException;

/**
 * The common scalar reads behind one switch. Field decoders call this instead of a reader lambda: a
 * lambda per type makes the call site megamorphic once a job has a few message types, a switch on a
 * final int stays a jump table.
 */
final class ScalarReads {

    /**
     * Not a plain scalar (or an unsigned 64-bit DECIMAL): use the mapping's {@link ValueReader}.
     */
    static final int OTHER = 0;

    private static final int INT32 = 1;
    private static final int INT32_AS_LONG = 2;
    private static final int SINT32 = 3;
    private static final int SFIXED32 = 4;
    private static final int INT64 = 5;
    private static final int SINT64 = 6;
    private static final int SFIXED64 = 7;
    private static final int UINT32 = 8;
    private static final int FIXED32 = 9;
    private static final int UINT64_AS_LONG = 10;
    private static final int FIXED64_AS_LONG = 11;
    private static final int FLOAT = 12;
    private static final int FLOAT_AS_DOUBLE = 13;
    private static final int DOUBLE = 14;
    private static final int BOOL = 15;
    private static final int STRING = 16;
    private static final int STRING_UTF8 = 17;
    private static final int BYTES = 18;
    private static final int ENUM_AS_INT = 19;
    private static final int SINT32_AS_LONG = 20;
    private static final int SFIXED32_AS_LONG = 21;

    private ScalarReads() {}

    /** The kind {@link #read} handles for {@code mapping}, or {@link #OTHER}. */
    static int kindOf(ValueMapping mapping) {
        if (mapping.shape() == ValueMapping.Shape.ENUM_AS_INT) {
            return ENUM_AS_INT;
        }
        if (mapping.shape() != ValueMapping.Shape.SCALAR) {
            return OTHER;
        }
        LogicalTypeRoot root = mapping.logicalType().getTypeRoot();
        switch (mapping.protoType()) {
            case INT32:
                return root == LogicalTypeRoot.BIGINT ? INT32_AS_LONG : INT32;
            case SINT32:
                return root == LogicalTypeRoot.BIGINT ? SINT32_AS_LONG : SINT32;
            case SFIXED32:
                return root == LogicalTypeRoot.BIGINT ? SFIXED32_AS_LONG : SFIXED32;
            case INT64:
                return INT64;
            case SINT64:
                return SINT64;
            case SFIXED64:
                return SFIXED64;
            case UINT32:
                return UINT32;
            case FIXED32:
                return FIXED32;
            case UINT64:
                return root == LogicalTypeRoot.BIGINT ? UINT64_AS_LONG : OTHER;
            case FIXED64:
                return root == LogicalTypeRoot.BIGINT ? FIXED64_AS_LONG : OTHER;
            case FLOAT:
                return root == LogicalTypeRoot.DOUBLE ? FLOAT_AS_DOUBLE : FLOAT;
            case DOUBLE:
                return DOUBLE;
            case BOOL:
                return BOOL;
            case STRING:
                return mapping.checkUtf8() ? STRING_UTF8 : STRING;
            case BYTES:
                return BYTES;
            default:
                return OTHER;
        }
    }

    static Object read(int kind, CodedInputStream in, MessageBytes message) throws IOException {
        switch (kind) {
            case INT32:
                return in.readInt32();
            case INT32_AS_LONG:
                return (long) in.readInt32();
            case SINT32:
                return in.readSInt32();
            case SFIXED32:
                return in.readSFixed32();
            case SINT32_AS_LONG:
                return (long) in.readSInt32();
            case SFIXED32_AS_LONG:
                return (long) in.readSFixed32();
            case INT64:
                return in.readInt64();
            case SINT64:
                return in.readSInt64();
            case SFIXED64:
                return in.readSFixed64();
            case UINT32:
                return Integer.toUnsignedLong(in.readUInt32());
            case FIXED32:
                return Integer.toUnsignedLong(in.readFixed32());
            case UINT64_AS_LONG:
                return in.readUInt64();
            case FIXED64_AS_LONG:
                return in.readFixed64();
            case FLOAT:
                return in.readFloat();
            case FLOAT_AS_DOUBLE:
                return (double) in.readFloat();
            case DOUBLE:
                return in.readDouble();
            case BOOL:
                return in.readBool();
            case STRING:
                return message.readString(in, false);
            case STRING_UTF8:
                return message.readString(in, true);
            case BYTES:
                return in.readByteArray();
            case ENUM_AS_INT:
                return in.readEnum();
            default:
                throw new IllegalArgumentException("not a scalar kind: " + kind);
        }
    }
}
