package dev.flinkext.format.pb.encode;

import org.apache.flink.table.data.RowData;

/**
 * A non-repeated column: NULL is left off (refused for a proto2 required field); so is a zero where
 * proto3 has no presence.
 */
final class SingularFieldEncoder implements FieldEncoder {

    private final RowData.FieldGetter getter;
    private final int tag;
    private final ValueWriter writer;
    private final boolean skipDefault;
    private final boolean required;

    SingularFieldEncoder(
            RowData.FieldGetter getter,
            int tag,
            ValueWriter writer,
            boolean skipDefault,
            boolean required) {
        this.getter = getter;
        this.tag = tag;
        this.writer = writer;
        this.skipDefault = skipDefault;
        this.required = required;
    }

    @Override
    public void encode(RowData row, PbOutput out) {
        Object value = getter.getFieldOrNull(row);
        if (value == null && required) {
            throw PbEncodeException.of(
                    "the value is NULL, but the field is required (proto2): the message would"
                            + " not parse");
        }
        if (value == null || (skipDefault && writer.isDefault(value))) {
            return;
        }
        out.writeTag(tag);
        writer.write(out, value);
    }
}
