package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.mapping.InternalValues;
import dev.flinkext.format.pb.mapping.ValueMapping;
import dev.flinkext.format.pb.mapping.WireTypes;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Builds the {@link ValueWriter} of each mapping, the mirror of the decoder's readers. */
final class ValueWriters {

    private ValueWriters() {}

    static ValueWriter of(ValueMapping mapping, FieldDescriptor field, PbFormatConfig config) {
        switch (mapping.shape()) {
            case SCALAR:
                return scalar(mapping);
            case ENUM_AS_INT:
                return writer((out, v) -> out.writeVarint64((Integer) v), v -> (Integer) v == 0);
            case ENUM_AS_STRING:
                return enumName(mapping.enumType());
            case ROW:
                return row(mapping, field, config);
            case TIMESTAMP_LTZ:
                return writer(ValueWriters::writeTimestamp, v -> false);
            case WRAPPER:
                return wrapper(mapping, field, config);
            default:
                throw new IllegalArgumentException(mapping.shape() + " is not a single value");
        }
    }

    private static ValueWriter scalar(ValueMapping mapping) {
        boolean fromBigint = mapping.logicalType().getTypeRoot() == LogicalTypeRoot.BIGINT;
        switch (mapping.protoType()) {
            case INT32:
                return fromBigint
                        ? writer((out, v) -> out.writeVarint64(int32((Long) v)), ValueWriters::zero)
                        : writer((out, v) -> out.writeVarint64((Integer) v), ValueWriters::zero);
            case SINT32:
                return writer(
                        (out, v) -> out.writeSInt32(fromBigint ? int32((Long) v) : (Integer) v),
                        ValueWriters::zero);
            case SFIXED32:
                return writer(
                        (out, v) -> out.writeFixed32(fromBigint ? int32((Long) v) : (Integer) v),
                        ValueWriters::zero);
            case INT64:
                return writer((out, v) -> out.writeVarint64((Long) v), ValueWriters::zero);
            case SINT64:
                return writer((out, v) -> out.writeSInt64((Long) v), ValueWriters::zero);
            case SFIXED64:
                return writer((out, v) -> out.writeFixed64((Long) v), ValueWriters::zero);
            case UINT32:
                return writer((out, v) -> out.writeVarint32(uint32((Long) v)), ValueWriters::zero);
            case FIXED32:
                return writer((out, v) -> out.writeFixed32(uint32((Long) v)), ValueWriters::zero);
            case UINT64:
                return fromBigint
                        ? writer((out, v) -> out.writeVarint64((Long) v), ValueWriters::zero)
                        : writer(
                                (out, v) -> out.writeVarint64(uint64((DecimalData) v)),
                                ValueWriters::zero);
            case FIXED64:
                return fromBigint
                        ? writer((out, v) -> out.writeFixed64((Long) v), ValueWriters::zero)
                        : writer(
                                (out, v) -> out.writeFixed64(uint64((DecimalData) v)),
                                ValueWriters::zero);
            case FLOAT:
                return mapping.logicalType().getTypeRoot() == LogicalTypeRoot.DOUBLE
                        ? writer(
                                (out, v) ->
                                        out.writeFixed32(
                                                Float.floatToRawIntBits(
                                                        (float) (double) (Double) v)),
                                v -> Float.floatToRawIntBits((float) (double) (Double) v) == 0)
                        : writer(
                                (out, v) -> out.writeFixed32(Float.floatToRawIntBits((Float) v)),
                                v -> Float.floatToRawIntBits((Float) v) == 0);
            case DOUBLE:
                return writer(
                        (out, v) -> out.writeFixed64(Double.doubleToRawLongBits((Double) v)),
                        v -> Double.doubleToRawLongBits((Double) v) == 0);
            case BOOL:
                return writer(
                        (out, v) -> out.writeVarint32((Boolean) v ? 1 : 0), v -> !(Boolean) v);
            case STRING:
                return writer(
                        (out, v) -> out.writeString((StringData) v), ValueWriters::emptyString);
            case BYTES:
                return writer(
                        (out, v) -> out.writeBytes((byte[]) v), v -> ((byte[]) v).length == 0);
            default:
                throw new IllegalArgumentException(mapping.protoType() + " is not a scalar");
        }
    }

    private static boolean emptyString(Object value) {
        return value instanceof BinaryStringData
                ? ((BinaryStringData) value).getSizeInBytes() == 0
                : ((StringData) value).toBytes().length == 0;
    }

    private static boolean zero(Object value) {
        if (value instanceof Integer) {
            return (Integer) value == 0;
        }
        if (value instanceof Long) {
            return (Long) value == 0L;
        }
        return ((DecimalData) value).toBigDecimal().signum() == 0;
    }

    private static int int32(long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw PbEncodeException.of(value + " does not fit the field's 32 bits");
        }
        return (int) value;
    }

    private static int uint32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw PbEncodeException.of(
                    value + " is outside an unsigned 32-bit field's 0..4294967295");
        }
        return (int) value;
    }

    private static long uint64(DecimalData value) {
        Long bits = InternalValues.unsignedBits(value);
        if (bits == null) {
            throw PbEncodeException.of(
                    value + " is outside an unsigned 64-bit field's 0..18446744073709551615");
        }
        return bits;
    }

    /** Names to numbers; a name of decimal digits is written as that number (JSON's rule). */
    private static ValueWriter enumName(EnumDescriptor type) {
        Map<StringData, Integer> numbers = new HashMap<>();
        for (EnumValueDescriptor value : type.getValues()) {
            numbers.put(StringData.fromString(value.getName()), value.getNumber());
        }
        return new ValueWriter() {
            // isDefault() and then write() see the same value: look its name up once
            private Object looked;
            private int number;

            @Override
            public void write(PbOutput out, Object value) {
                out.writeVarint64(numberOf(value));
                looked = null;
            }

            @Override
            public boolean isDefault(Object value) {
                return numberOf(value) == 0;
            }

            private int numberOf(Object value) {
                if (value != looked) {
                    number = enumNumber(type, numbers, value);
                    looked = value;
                }
                return number;
            }
        };
    }

    private static int enumNumber(
            EnumDescriptor type, Map<StringData, Integer> numbers, Object value) {
        Integer known = numbers.get((StringData) value);
        if (known != null) {
            return known;
        }
        String text = value.toString();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw PbEncodeException.of(
                    "'"
                            + text
                            + "' is not a value of enum "
                            + type.getFullName()
                            + " (its values: "
                            + type.getValues().stream()
                                    .map(EnumValueDescriptor::getName)
                                    .collect(Collectors.joining(", "))
                            + ")");
        }
    }

    private static ValueWriter row(
            ValueMapping mapping, FieldDescriptor field, PbFormatConfig config) {
        MessageEncoder nested = MessageEncoder.forMapping(mapping.message(), config);
        if (field.getType() == FieldDescriptor.Type.GROUP) {
            int endTag = WireTypes.tag(field.getNumber(), WireFormat.WIRETYPE_END_GROUP);
            return writer(
                    (out, v) -> {
                        nested.encode((RowData) v, out);
                        out.writeTag(endTag);
                    },
                    v -> false);
        }
        return writer(
                (out, v) -> {
                    int mark = out.beginLengthDelimited();
                    nested.encode((RowData) v, out);
                    out.endLengthDelimited(mark);
                },
                v -> false);
    }

    private static void writeTimestamp(PbOutput out, Object value) {
        TimestampData timestamp = (TimestampData) value;
        long millis = timestamp.getMillisecond();
        long seconds = Math.floorDiv(millis, 1000);
        int nanos =
                (int) Math.floorMod(millis, 1000) * 1_000_000 + timestamp.getNanoOfMillisecond();
        int mark = out.beginLengthDelimited();
        if (seconds != 0) {
            out.writeTag(WireTypes.tag(1, WireFormat.WIRETYPE_VARINT));
            out.writeVarint64(seconds);
        }
        if (nanos != 0) {
            out.writeTag(WireTypes.tag(2, WireFormat.WIRETYPE_VARINT));
            out.writeVarint64(nanos);
        }
        out.endLengthDelimited(mark);
    }

    private static ValueWriter wrapper(
            ValueMapping mapping, FieldDescriptor field, PbFormatConfig config) {
        FieldDescriptor innerField = field.getMessageType().findFieldByNumber(1);
        ValueWriter inner = of(mapping.element(), innerField, config);
        int valueTag = WireTypes.tag(1, WireTypes.of(mapping.element().protoType()));
        return writer(
                (out, v) -> {
                    int mark = out.beginLengthDelimited();
                    if (!inner.isDefault(v)) {
                        out.writeTag(valueTag);
                        inner.write(out, v);
                    }
                    out.endLengthDelimited(mark);
                },
                v -> false);
    }

    /** A writer from a write function and a zero test. */
    private static ValueWriter writer(Write write, Predicate<Object> isDefault) {
        return new ValueWriter() {
            @Override
            public void write(PbOutput out, Object value) {
                write.write(out, value);
            }

            @Override
            public boolean isDefault(Object value) {
                return isDefault.test(value);
            }
        };
    }

    @FunctionalInterface
    private interface Write {
        void write(PbOutput out, Object value);
    }
}
