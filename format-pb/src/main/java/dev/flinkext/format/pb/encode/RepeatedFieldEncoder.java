package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.mapping.WireTypes;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;

import com.google.protobuf.WireFormat;

/** An ARRAY column as a repeated field: packed where the schema says so; NULL elements as zero. */
final class RepeatedFieldEncoder implements FieldEncoder {

    private final int position;
    private final int fieldNumber;
    private final int elementTag;
    private final boolean packed;
    private final ArrayData.ElementGetter elements;
    private final ValueWriter writer;
    private final Object nullElement;

    RepeatedFieldEncoder(
            int position,
            int fieldNumber,
            int elementWireType,
            boolean packed,
            ArrayData.ElementGetter elements,
            ValueWriter writer,
            Object nullElement) {
        this.position = position;
        this.fieldNumber = fieldNumber;
        this.elementTag = WireTypes.tag(fieldNumber, elementWireType);
        this.packed = packed;
        this.elements = elements;
        this.writer = writer;
        this.nullElement = nullElement;
    }

    @Override
    public void encode(RowData row, PbOutput out) {
        if (row.isNullAt(position)) {
            return;
        }
        ArrayData array = row.getArray(position);
        int size = array.size();
        if (size == 0) {
            return;
        }
        if (packed) {
            out.writeTag(WireTypes.tag(fieldNumber, WireFormat.WIRETYPE_LENGTH_DELIMITED));
            int mark = out.beginLengthDelimited();
            for (int i = 0; i < size; i++) {
                writer.write(out, element(array, i));
            }
            out.endLengthDelimited(mark);
            return;
        }
        for (int i = 0; i < size; i++) {
            out.writeTag(elementTag);
            writer.write(out, element(array, i));
        }
    }

    private Object element(ArrayData array, int i) {
        Object value = elements.getElementOrNull(array, i);
        return value != null ? value : nullElement;
    }
}
