package dev.flinkext.format.pb.decode;

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
    private final int[] oneofSiblings;
    private final String path;
    private final int fieldNumber;

    SingularFieldDecoder(
            int position,
            int wireType,
            ValueReader reader,
            int scalarKind,
            int[] oneofSiblings,
            String path,
            int fieldNumber) {
        this.position = position;
        this.wireType = wireType;
        this.reader = reader;
        this.scalarKind = scalarKind;
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

    @Override
    public String path() {
        return path;
    }

    @Override
    public int fieldNumber() {
        return fieldNumber;
    }
}
