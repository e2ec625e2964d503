package dev.flinkext.format.pb.mapping;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;

/** The wire type each protobuf type is written with (unpacked). */
public final class WireTypes {

    private WireTypes() {}

    public static int of(FieldDescriptor.Type type) {
        switch (type) {
            case INT32:
            case INT64:
            case UINT32:
            case UINT64:
            case SINT32:
            case SINT64:
            case BOOL:
            case ENUM:
                return WireFormat.WIRETYPE_VARINT;
            case FIXED32:
            case SFIXED32:
            case FLOAT:
                return WireFormat.WIRETYPE_FIXED32;
            case FIXED64:
            case SFIXED64:
            case DOUBLE:
                return WireFormat.WIRETYPE_FIXED64;
            case GROUP:
                return WireFormat.WIRETYPE_START_GROUP;
            default:
                return WireFormat.WIRETYPE_LENGTH_DELIMITED;
        }
    }

    /** Scalars that may be packed: everything of a fixed width or a varint. */
    public static boolean packable(FieldDescriptor.Type type) {
        int wireType = of(type);
        return wireType == WireFormat.WIRETYPE_VARINT
                || wireType == WireFormat.WIRETYPE_FIXED32
                || wireType == WireFormat.WIRETYPE_FIXED64;
    }

    public static int tag(int fieldNumber, int wireType) {
        return (fieldNumber << 3) | wireType;
    }
}
