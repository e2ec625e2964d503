package dev.flinkext.format.pb.encode;

import org.apache.flink.table.data.RowData;

/** A non-repeated column: NULL is left off; so is a zero where proto3 has no presence. */
final class SingularFieldEncoder implements FieldEncoder {

    private final RowData.FieldGetter getter;
    private final int tag;
    private final ValueWriter writer;
    private final boolean skipDefault;

    SingularFieldEncoder(
            RowData.FieldGetter getter, int tag, ValueWriter writer, boolean skipDefault) {
        this.getter = getter;
        this.tag = tag;
        this.writer = writer;
        this.skipDefault = skipDefault;
    }

    @Override
    public void encode(RowData row, PbOutput out) {
        Object value = getter.getFieldOrNull(row);
        if (value == null || (skipDefault && writer.isDefault(value))) {
            return;
        }
        out.writeTag(tag);
        writer.write(out, value);
    }
}
