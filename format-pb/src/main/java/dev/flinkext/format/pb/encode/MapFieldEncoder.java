package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.mapping.WireTypes;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;

import com.google.protobuf.WireFormat;

/** A MAP column as entry messages {key = 1; value = 2}; NULL keys and values as zero. */
final class MapFieldEncoder implements FieldEncoder {

    private final int position;
    private final int entryTag;
    private final int keyTag;
    private final int valueTag;
    private final ArrayData.ElementGetter keys;
    private final ArrayData.ElementGetter values;
    private final ValueWriter keyWriter;
    private final ValueWriter valueWriter;
    private final Object nullKey;
    private final Object nullValue;

    MapFieldEncoder(
            int position,
            int fieldNumber,
            int keyWireType,
            int valueWireType,
            ArrayData.ElementGetter keys,
            ArrayData.ElementGetter values,
            ValueWriter keyWriter,
            ValueWriter valueWriter,
            Object nullKey,
            Object nullValue) {
        this.position = position;
        this.entryTag = WireTypes.tag(fieldNumber, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        this.keyTag = WireTypes.tag(1, keyWireType);
        this.valueTag = WireTypes.tag(2, valueWireType);
        this.keys = keys;
        this.values = values;
        this.keyWriter = keyWriter;
        this.valueWriter = valueWriter;
        this.nullKey = nullKey;
        this.nullValue = nullValue;
    }

    @Override
    public void encode(RowData row, PbOutput out) {
        if (row.isNullAt(position)) {
            return;
        }
        MapData map = row.getMap(position);
        ArrayData keyArray = map.keyArray();
        ArrayData valueArray = map.valueArray();
        for (int i = 0; i < map.size(); i++) {
            Object key = keys.getElementOrNull(keyArray, i);
            Object value = values.getElementOrNull(valueArray, i);
            out.writeTag(entryTag);
            int mark = out.beginLengthDelimited();
            out.writeTag(keyTag);
            keyWriter.write(out, key != null ? key : nullKey);
            out.writeTag(valueTag);
            valueWriter.write(out, value != null ? value : nullValue);
            out.endLengthDelimited(mark);
        }
    }
}
