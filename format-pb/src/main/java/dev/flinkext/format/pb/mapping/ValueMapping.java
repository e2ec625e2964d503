package dev.flinkext.format.pb.mapping;

import org.apache.flink.table.types.logical.LogicalType;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * How one protobuf value (a field's value, an array element, a map key or value) maps to one Flink
 * type: checked once against the DDL, then compiled by the decoder and the encoder alike.
 */
public final class ValueMapping {

    /** The shapes a protobuf value can take in a table. */
    public enum Shape {
        /** A scalar field to a scalar column; {@link #protoType()} decides the wire format. */
        SCALAR,
        /** An enum to STRING (its name; an undeclared number as its decimal digits). */
        ENUM_AS_STRING,
        /** An enum to INT (its number). */
        ENUM_AS_INT,
        /** A message (or proto2 group) to ROW. */
        ROW,
        /** {@code google.protobuf.Timestamp} to TIMESTAMP_LTZ(p). */
        TIMESTAMP_LTZ,
        /** A wrapper ({@code google.protobuf.Int32Value}...) to its scalar type. */
        WRAPPER,
        /** A repeated field to ARRAY. */
        ARRAY,
        /** A map field to MAP. */
        MAP
    }

    private final Shape shape;
    private final FieldDescriptor.Type protoType;
    private final LogicalType logicalType;
    private final MessageMapping message;
    private final EnumDescriptor enumType;
    private final ValueMapping element;
    private final ValueMapping key;
    private final ValueMapping value;
    private final boolean checkUtf8;

    private ValueMapping(
            Shape shape,
            FieldDescriptor.Type protoType,
            LogicalType logicalType,
            MessageMapping message,
            EnumDescriptor enumType,
            ValueMapping element,
            ValueMapping key,
            ValueMapping value,
            boolean checkUtf8) {
        this.shape = shape;
        this.protoType = protoType;
        this.logicalType = logicalType;
        this.message = message;
        this.enumType = enumType;
        this.element = element;
        this.key = key;
        this.value = value;
        this.checkUtf8 = checkUtf8;
    }

    static ValueMapping scalar(FieldDescriptor.Type protoType, LogicalType type, boolean utf8) {
        return new ValueMapping(Shape.SCALAR, protoType, type, null, null, null, null, null, utf8);
    }

    static ValueMapping enumeration(Shape shape, EnumDescriptor enumType, LogicalType type) {
        return new ValueMapping(
                shape, FieldDescriptor.Type.ENUM, type, null, enumType, null, null, null, false);
    }

    static ValueMapping row(
            FieldDescriptor.Type protoType, MessageMapping message, LogicalType type) {
        return new ValueMapping(Shape.ROW, protoType, type, message, null, null, null, null, false);
    }

    static ValueMapping timestamp(LogicalType type) {
        return new ValueMapping(
                Shape.TIMESTAMP_LTZ,
                FieldDescriptor.Type.MESSAGE,
                type,
                null,
                null,
                null,
                null,
                null,
                false);
    }

    static ValueMapping wrapper(ValueMapping inner, LogicalType type) {
        return new ValueMapping(
                Shape.WRAPPER,
                FieldDescriptor.Type.MESSAGE,
                type,
                null,
                null,
                inner,
                null,
                null,
                false);
    }

    static ValueMapping array(ValueMapping element, LogicalType type) {
        return new ValueMapping(
                Shape.ARRAY, element.protoType, type, null, null, element, null, null, false);
    }

    static ValueMapping map(ValueMapping key, ValueMapping value, LogicalType type) {
        return new ValueMapping(
                Shape.MAP, FieldDescriptor.Type.MESSAGE, type, null, null, null, key, value, false);
    }

    public Shape shape() {
        return shape;
    }

    /** The protobuf type of the value (of the element, for ARRAY). */
    public FieldDescriptor.Type protoType() {
        return protoType;
    }

    /** The column's (or element's) Flink type. */
    public LogicalType logicalType() {
        return logicalType;
    }

    /** The nested mapping of a ROW. */
    public MessageMapping message() {
        return message;
    }

    /** The enum of ENUM_AS_STRING / ENUM_AS_INT. */
    public EnumDescriptor enumType() {
        return enumType;
    }

    /** The element of an ARRAY, or the inner scalar of a WRAPPER. */
    public ValueMapping element() {
        return element;
    }

    public ValueMapping key() {
        return key;
    }

    public ValueMapping value() {
        return value;
    }

    /** Whether protobuf requires this string to be valid UTF-8 (proto3 and editions). */
    public boolean checkUtf8() {
        return checkUtf8;
    }
}
