package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.mapping.WireTypes;

import org.apache.flink.table.data.GenericRowData;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;

/** A non-repeated field: the last occurrence wins; a oneof member clears its siblings. */
final class SingularFieldDecoder implements FieldDecoder {

    private final int position;
    private final int wireType;
    private final ValueReader reader;
    private final int scalarKind;
    private final MessageBytes message;
    private final int[] oneofSiblings;
    private final String path;
    private final int fieldNumber;

    SingularFieldDecoder(
            int position,
            int wireType,
            ValueReader reader,
            MessageBytes message,
            int scalarKind,
            int[] oneofSiblings,
            String path,
            int fieldNumber) {
        this.position = position;
        this.wireType = wireType;
        this.reader = reader;
        this.scalarKind = scalarKind;
        this.message = message;
        this.oneofSiblings = oneofSiblings;
        this.path = path;
        this.fieldNumber = fieldNumber;
    }

    @Override
    public void decode(CodedInputStream in, int tag, GenericRowData row) throws IOException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            // protobuf-java keeps a field of an unexpected wire type as an unknown field
            in.skipField(tag);
            return;
        }
        Object previous = row.getField(position);
        row.setField(
                position, previous == null ? reader.read(in) : reader.readMerging(in, previous));
        for (int sibling : oneofSiblings) {
            row.setField(sibling, null);
        }
    }

    /**
     * The tag under which {@link MessageDecoder} may read this field inline (a plain scalar outside
     * any oneof, with its expected wire type), or 0.
     */
    int inlineTag() {
        return scalarKind != ScalarReads.OTHER && oneofSiblings.length == 0
                ? WireTypes.tag(fieldNumber, wireType)
                : 0;
    }

    int scalarKind() {
        return scalarKind;
    }

    int position() {
        return position;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int fieldNumber() {
        return fieldNumber;
    }
}
