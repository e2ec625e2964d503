package dev.flinkext.format.pb.encode;

/** Writes one value (without its tag) of a column's internal type in a field's wire format. */
interface ValueWriter {

    void write(PbOutput out, Object value);

    /** Whether proto3 leaves this value off the wire (a field without presence at its zero). */
    boolean isDefault(Object value);
}
