package dev.flinkext.format.pb.decode;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;

/** A repeated field, packed or not (readers must accept both, whatever the schema says). */
final class RepeatedFieldDecoder implements FieldDecoder {

    private final int position;
    private final int elementWireType;
    private final boolean packable;
    private final ValueReader reader;
    private final int scalarKind;
    private final MessageBytes message;
    private final ElementList.Kind kind;
    private final String path;
    private final int fieldNumber;

    RepeatedFieldDecoder(
            int position,
            int elementWireType,
            boolean packable,
            ValueReader reader,
            MessageBytes message,
            int scalarKind,
            ElementList.Kind kind,
            String path,
            int fieldNumber) {
        this.position = position;
        this.elementWireType = elementWireType;
        this.packable = packable;
        this.reader = reader;
        this.scalarKind = scalarKind;
        this.message = message;
        this.kind = kind;
        this.path = path;
        this.fieldNumber = fieldNumber;
    }

    @Override
    public void decode(CodedInputStream in, int tag, GenericRowData row) throws IOException {
        int wireType = WireFormat.getTagWireType(tag);
        ElementList elements = (ElementList) row.getField(position);
        if (elements == null) {
            elements = new ElementList(kind);
            row.setField(position, elements);
        }
        if (wireType == elementWireType) {
            elements.add(readElement(in));
        } else if (packable && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int length = in.readRawVarint32();
            int oldLimit = in.pushLimit(length);
            while (in.getBytesUntilLimit() > 0) {
                elements.add(readElement(in));
            }
            in.popLimit(oldLimit);
        } else {
            in.skipField(tag);
        }
    }

    /** The column's value when the field was not on the wire. */
    GenericArrayData empty() {
        return kind.empty();
    }

    private Object readElement(CodedInputStream in) throws IOException {
        return scalarKind != ScalarReads.OTHER
                ? ScalarReads.read(scalarKind, in, message)
                : reader.read(in);
    }

    /** An earlier occurrence's finished array, open for more elements. */
    ElementList reopen(GenericArrayData finished) {
        return ElementList.of(kind, finished);
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
