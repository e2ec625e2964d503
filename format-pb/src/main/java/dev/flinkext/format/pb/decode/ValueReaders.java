package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.mapping.InternalValues;
import dev.flinkext.format.pb.mapping.ValueMapping;
import dev.flinkext.format.pb.mapping.WireTypes;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Builds the {@link ValueReader} of each mapping: one small lambda per protobuf/Flink pair. */
final class ValueReaders {

    private ValueReaders() {}

    /** A reader for one value of {@code field} (an element, when it is repeated). */
    static ValueReader of(
            ValueMapping mapping,
            FieldDescriptor field,
            PbFormatConfig config,
            MessageBytes message) {
        switch (mapping.shape()) {
            case SCALAR:
                return scalar(mapping, message);
            case ENUM_AS_INT:
                return scalar(mapping, message);
            case ENUM_AS_STRING:
                return enumName(mapping);
            case ROW:
                return row(mapping, field, config, message);
            case TIMESTAMP_LTZ:
                return timestamp(((LocalZonedTimestampType) mapping.logicalType()).getPrecision());
            case WRAPPER:
                return wrapper(mapping, field, config, message);
            default:
                throw new IllegalArgumentException(mapping.shape() + " is not a single value");
        }
    }

    private static ValueReader scalar(ValueMapping mapping, MessageBytes message) {
        int kind = ScalarReads.kindOf(mapping);
        if (kind != ScalarReads.OTHER) {
            return in -> ScalarReads.read(kind, in, message);
        }
        // what the switch leaves out: unsigned 64-bit values as exact decimals
        DecimalType type = (DecimalType) mapping.logicalType();
        switch (mapping.protoType()) {
            case UINT64:
                return in -> InternalValues.unsignedDecimal(in.readUInt64(), type);
            case FIXED64:
                return in -> InternalValues.unsignedDecimal(in.readFixed64(), type);
            default:
                throw new IllegalArgumentException(mapping.protoType() + " is not a scalar");
        }
    }

    /** Declared numbers read as their names; others as their decimal digits (JSON's rule). */
    private static ValueReader enumName(ValueMapping mapping) {
        Map<Integer, StringData> names = new HashMap<>();
        int max = -1;
        boolean negative = false;
        for (EnumValueDescriptor value : mapping.enumType().getValues()) {
            // materialized once: the same name object is shared by every row
            names.putIfAbsent(
                    value.getNumber(),
                    StringData.fromBytes(value.getName().getBytes(StandardCharsets.UTF_8)));
            max = Math.max(max, value.getNumber());
            negative |= value.getNumber() < 0;
        }
        if (!negative && max < 4096) {
            StringData[] byNumber = new StringData[max + 1];
            names.forEach((number, name) -> byNumber[number] = name);
            return in -> {
                int number = in.readEnum();
                StringData name = number >= 0 && number < byNumber.length ? byNumber[number] : null;
                return name != null ? name : undeclared(number);
            };
        }
        return in -> {
            int number = in.readEnum();
            StringData name = names.get(number);
            return name != null ? name : undeclared(number);
        };
    }

    /** An enum number the schema does not declare, as protobuf's JSON writes it. */
    private static StringData undeclared(int number) {
        return StringData.fromString(Integer.toString(number));
    }

    private static ValueReader row(
            ValueMapping mapping,
            FieldDescriptor field,
            PbFormatConfig config,
            MessageBytes message) {
        MessageDecoder nested = MessageDecoder.forMapping(mapping.message(), config, message);
        if (field.getType() == FieldDescriptor.Type.GROUP) {
            int endTag = WireTypes.tag(field.getNumber(), WireFormat.WIRETYPE_END_GROUP);
            return ValueReader.merging(
                    (in, previous) -> {
                        GenericRowData row = decode(nested, in, previous);
                        in.checkLastTagWas(endTag);
                        return row;
                    });
        }
        return ValueReader.merging(
                (in, previous) -> {
                    int length = in.readRawVarint32();
                    int oldLimit = in.pushLimit(length);
                    GenericRowData row = decode(nested, in, previous);
                    in.checkLastTagWas(0);
                    in.popLimit(oldLimit);
                    return row;
                });
    }

    private static GenericRowData decode(
            MessageDecoder nested, CodedInputStream in, Object previous) throws IOException {
        return previous == null
                ? nested.decode(in)
                : nested.decodeMerging(in, (GenericRowData) previous);
    }

    /**
     * google.protobuf.Timestamp {seconds = 1; nanos = 2} as an instant of the column's precision.
     */
    private static ValueReader timestamp(int precision) {
        int truncation = (int) Math.pow(10, 9 - precision);
        return ValueReader.merging(
                (in, previous) -> {
                    int length = in.readRawVarint32();
                    int oldLimit = in.pushLimit(length);
                    long seconds = 0;
                    int nanos = 0;
                    if (previous != null) {
                        TimestampData earlier = (TimestampData) previous;
                        seconds = Math.floorDiv(earlier.getMillisecond(), 1000);
                        nanos =
                                (int) Math.floorMod(earlier.getMillisecond(), 1000) * 1_000_000
                                        + earlier.getNanoOfMillisecond();
                    }
                    while (true) {
                        int tag = in.readTag();
                        if (tag == 0) {
                            break;
                        }
                        if (tag == WireTypes.tag(1, WireFormat.WIRETYPE_VARINT)) {
                            seconds = in.readInt64();
                        } else if (tag == WireTypes.tag(2, WireFormat.WIRETYPE_VARINT)) {
                            nanos = in.readInt32();
                        } else if (!in.skipField(tag)) {
                            break;
                        }
                    }
                    in.checkLastTagWas(0);
                    in.popLimit(oldLimit);
                    if (nanos < 0 || nanos > 999_999_999) {
                        throw PbDecodeException.of(
                                "a google.protobuf.Timestamp has nanos "
                                        + nanos
                                        + " outside 0..999999999");
                    }
                    nanos -= nanos % truncation;
                    return TimestampData.fromEpochMillis(
                            Math.addExact(Math.multiplyExact(seconds, 1000L), nanos / 1_000_000),
                            nanos % 1_000_000);
                });
    }

    /** A wrapper message {value = 1} as its scalar; a present wrapper without value is the zero. */
    private static ValueReader wrapper(
            ValueMapping mapping,
            FieldDescriptor field,
            PbFormatConfig config,
            MessageBytes message) {
        FieldDescriptor inner = field.getMessageType().findFieldByNumber(1);
        ValueMapping innerMapping = mapping.element();
        ValueReader innerReader = of(innerMapping, inner, config, message);
        int valueTag = WireTypes.tag(1, WireTypes.of(innerMapping.protoType()));
        Object zero = InternalValues.defaultOf(inner, innerMapping);
        return ValueReader.merging(
                (in, previous) -> {
                    int length = in.readRawVarint32();
                    int oldLimit = in.pushLimit(length);
                    Object value = previous != null ? previous : zero;
                    while (true) {
                        int tag = in.readTag();
                        if (tag == 0) {
                            break;
                        }
                        if (tag == valueTag) {
                            value = innerReader.read(in);
                        } else if (!in.skipField(tag)) {
                            break;
                        }
                    }
                    in.checkLastTagWas(0);
                    in.popLimit(oldLimit);
                    return value;
                });
    }
}
