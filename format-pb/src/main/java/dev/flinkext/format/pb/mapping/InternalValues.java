package dev.flinkext.format.pb.mapping;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Conversions between protobuf's raw values and Flink's internal data, shared by the decoder, the
 * encoder and the default values, so all three agree on widening and unsigned numbers.
 */
public final class InternalValues {

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private InternalValues() {}

    /** A 32-bit value of {@code mapping}'s protobuf type as the column's internal value. */
    public static Object fromInt(ValueMapping mapping, int raw) {
        switch (mapping.protoType()) {
            case UINT32:
            case FIXED32:
                return Integer.toUnsignedLong(raw);
            default:
                return mapping.logicalType().getTypeRoot() == LogicalTypeRoot.BIGINT
                        ? (Object) (long) raw
                        : (Object) raw;
        }
    }

    /** A 64-bit value of {@code mapping}'s protobuf type as the column's internal value. */
    public static Object fromLong(ValueMapping mapping, long raw) {
        switch (mapping.protoType()) {
            case UINT64:
            case FIXED64:
                if (mapping.logicalType().getTypeRoot() == LogicalTypeRoot.DECIMAL) {
                    return unsignedDecimal(raw, (DecimalType) mapping.logicalType());
                }
                return raw;
            default:
                return raw;
        }
    }

    public static DecimalData unsignedDecimal(long raw, DecimalType type) {
        BigDecimal value =
                raw >= 0
                        ? BigDecimal.valueOf(raw)
                        : new BigDecimal(BigInteger.valueOf(raw).add(TWO_TO_64));
        return DecimalData.fromBigDecimal(value, type.getPrecision(), 0);
    }

    /** The 64 bits to write for an unsigned DECIMAL column value, or null when out of range. */
    public static Long unsignedBits(DecimalData value) {
        BigDecimal decimal = value.toBigDecimal();
        if (decimal.scale() > 0 && decimal.stripTrailingZeros().scale() > 0) {
            return null;
        }
        BigInteger integer = decimal.toBigInteger();
        if (integer.signum() < 0 || integer.compareTo(TWO_TO_64) >= 0) {
            return null;
        }
        return integer.longValue();
    }

    /**
     * The internal value of a scalar or enum field's declared default (proto2 {@code [default =
     * ...]}, or the type's zero), as a column of {@code mapping} reads it.
     */
    public static Object defaultOf(FieldDescriptor field, ValueMapping mapping) {
        switch (mapping.shape()) {
            case ENUM_AS_STRING:
                return StringData.fromString(((EnumValueDescriptor) defaultValue(field)).getName());
            case ENUM_AS_INT:
                return ((EnumValueDescriptor) defaultValue(field)).getNumber();
            case TIMESTAMP_LTZ:
                return TimestampData.fromEpochMillis(0);
            case WRAPPER:
                FieldDescriptor inner = field.getMessageType().findFieldByNumber(1);
                return defaultOf(inner, mapping.element());
            case SCALAR:
                return scalarDefault(field, mapping);
            default:
                throw new IllegalArgumentException(mapping.shape() + " has no scalar default");
        }
    }

    private static Object scalarDefault(FieldDescriptor field, ValueMapping mapping) {
        Object value = defaultValue(field);
        switch (field.getJavaType()) {
            case INT:
                return fromInt(mapping, (Integer) value);
            case LONG:
                return fromLong(mapping, (Long) value);
            case FLOAT:
                return mapping.logicalType().getTypeRoot() == LogicalTypeRoot.DOUBLE
                        ? (Object) (double) (Float) value
                        : value;
            case DOUBLE:
            case BOOLEAN:
                return value;
            case STRING:
                return StringData.fromString((String) value);
            case BYTE_STRING:
                return ((ByteString) value).toByteArray();
            default:
                throw new IllegalArgumentException(field.getJavaType() + " is not a scalar");
        }
    }

    private static Object defaultValue(FieldDescriptor field) {
        // getDefaultValue() refuses repeated fields; an element's default is the type's zero.
        if (field.isRepeated()) {
            switch (field.getJavaType()) {
                case INT:
                    return 0;
                case LONG:
                    return 0L;
                case FLOAT:
                    return 0f;
                case DOUBLE:
                    return 0d;
                case BOOLEAN:
                    return false;
                case STRING:
                    return "";
                case BYTE_STRING:
                    return ByteString.EMPTY;
                case ENUM:
                    return field.getEnumType().getValues().get(0);
                default:
                    throw new IllegalArgumentException(field.getJavaType() + " has no default");
            }
        }
        return field.getDefaultValue();
    }
}
