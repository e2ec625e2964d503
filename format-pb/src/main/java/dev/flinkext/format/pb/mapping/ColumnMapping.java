package dev.flinkext.format.pb.mapping;

import com.google.protobuf.Descriptors.FieldDescriptor;

/** One column of a ROW (or of the table) bound to one field of the message. */
public final class ColumnMapping {

    private final int position;
    private final String path;
    private final FieldDescriptor field;
    private final ValueMapping value;

    ColumnMapping(int position, String path, FieldDescriptor field, ValueMapping value) {
        this.position = position;
        this.path = path;
        this.field = field;
        this.value = value;
    }

    /** The column's index in its row. */
    public int position() {
        return position;
    }

    /** The column's dotted path from the table's top level, for error messages. */
    public String path() {
        return path;
    }

    public FieldDescriptor field() {
        return field;
    }

    public ValueMapping value() {
        return value;
    }

    /**
     * Whether an unset field can be told apart from one set to its default: messages, wrappers,
     * proto3 {@code optional}, oneof members and all proto2 singular fields.
     */
    public boolean hasPresence() {
        return !field.isRepeated() && field.hasPresence();
    }
}
