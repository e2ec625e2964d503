package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.mapping.WireTypes;

import org.apache.flink.table.data.GenericRowData;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;

import java.io.IOException;

/**
 * A member of a oneof that has columns but is not one itself: on the wire it unsets the member
 * columns read before it, as protobuf-java would, so a subset of the columns reads like the same
 * columns of a full decode. Its value is skipped.
 */
final class UndeclaredOneofMember implements FieldDecoder {
    private final int number;
    private final int wireType;
    private final String name;
    private final int[] positions;

    UndeclaredOneofMember(FieldDescriptor member, int[] positions) {
        this.number = member.getNumber();
        this.wireType = WireTypes.of(member.getType());
        this.name = member.getName();
        this.positions = positions;
    }

    @Override
    public void decode(CodedInputStream in, int tag, GenericRowData row) throws IOException {
        if (WireFormat.getTagWireType(tag) == wireType) {
            for (int position : positions) {
                row.setField(position, null);
            }
        }
        in.skipField(tag);
    }

    @Override
    public String path() {
        return name;
    }

    @Override
    public int fieldNumber() {
        return number;
    }
}
