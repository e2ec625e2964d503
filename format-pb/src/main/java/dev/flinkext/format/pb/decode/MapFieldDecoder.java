package dev.flinkext.format.pb.decode;

import org.apache.flink.table.data.GenericRowData;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.util.LinkedHashMap;

/** A map field: entry messages of key (#1) and value (#2); a later duplicate key wins. */
final class MapFieldDecoder implements FieldDecoder {

    private static final int KEY = 1;
    private static final int VALUE = 2;

    private final int position;
    private final ValueReader keyReader;
    private final int keyWireType;
    private final Object keyDefault;
    private final ValueReader valueReader;
    private final int valueWireType;
    private final DefaultValue valueDefault;
    private final String path;
    private final int fieldNumber;

    MapFieldDecoder(
            int position,
            ValueReader keyReader,
            int keyWireType,
            Object keyDefault,
            ValueReader valueReader,
            int valueWireType,
            DefaultValue valueDefault,
            String path,
            int fieldNumber) {
        this.position = position;
        this.keyReader = keyReader;
        this.keyWireType = keyWireType;
        this.keyDefault = keyDefault;
        this.valueReader = valueReader;
        this.valueWireType = valueWireType;
        this.valueDefault = valueDefault;
        this.path = path;
        this.fieldNumber = fieldNumber;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void decode(CodedInputStream in, int tag, GenericRowData row) throws IOException {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            in.skipField(tag);
            return;
        }
        LinkedHashMap<Object, Object> entries =
                (LinkedHashMap<Object, Object>) row.getField(position);
        if (entries == null) {
            entries = new LinkedHashMap<>();
            row.setField(position, entries);
        }
        int length = in.readRawVarint32();
        int oldLimit = in.pushLimit(length);
        Object key = null;
        Object value = null;
        while (true) {
            int entryTag = in.readTag();
            if (entryTag == 0) {
                break;
            }
            int number = WireFormat.getTagFieldNumber(entryTag);
            int wireType = WireFormat.getTagWireType(entryTag);
            if (number == KEY && wireType == keyWireType) {
                key = keyReader.read(in);
            } else if (number == VALUE && wireType == valueWireType) {
                value = valueReader.read(in);
            } else if (!in.skipField(entryTag)) {
                break;
            }
        }
        in.popLimit(oldLimit);
        entries.put(key != null ? key : keyDefault, value != null ? value : valueDefault.get());
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
