package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.testproto.Everything;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import org.junit.jupiter.api.Test;

import static dev.flinkext.format.pb.encode.ScalarEncodeTest.decimal;
import static dev.flinkext.format.pb.encode.ScalarEncodeTest.encode;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrapper fields from scalar columns: a value is a wrapper holding it, a zero is a present empty
 * wrapper (as protobuf-java writes {@code Int32Value.of(0)}), NULL is no wrapper.
 */
class WrapperEncodeTest {

    private static final DataType WRAPPERS =
            ROW(
                    FIELD("w_int32", INT()),
                    FIELD("w_int64", BIGINT()),
                    FIELD("w_uint32", BIGINT()),
                    FIELD("w_uint64", DECIMAL(20, 0)),
                    FIELD("w_float", FLOAT()),
                    FIELD("w_double", DOUBLE()),
                    FIELD("w_bool", BOOLEAN()),
                    FIELD("w_string", STRING()),
                    FIELD("w_bytes", BYTES()));

    @Test
    void writesEachWrapperAroundItsValue() throws Exception {
        GenericRowData row =
                GenericRowData.of(
                        -1,
                        Long.MAX_VALUE,
                        4294967295L,
                        decimal("18446744073709551615"),
                        2.5f,
                        -0.125,
                        true,
                        StringData.fromString("w"),
                        new byte[] {9});
        Everything expected =
                Everything.newBuilder()
                        .setWInt32(Int32Value.of(-1))
                        .setWInt64(Int64Value.of(Long.MAX_VALUE))
                        .setWUint32(UInt32Value.of(-1))
                        .setWUint64(UInt64Value.of(-1L))
                        .setWFloat(FloatValue.of(2.5f))
                        .setWDouble(DoubleValue.of(-0.125))
                        .setWBool(BoolValue.of(true))
                        .setWString(StringValue.of("w"))
                        .setWBytes(BytesValue.of(ByteString.copyFrom(new byte[] {9})))
                        .build();

        byte[] bytes = encode(WRAPPERS, row);

        assertThat(Everything.parseFrom(bytes)).isEqualTo(expected);
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void aZeroIsAPresentEmptyWrapper() throws Exception {
        GenericRowData row =
                GenericRowData.of(
                        0,
                        0L,
                        0L,
                        decimal("0"),
                        0f,
                        0d,
                        false,
                        StringData.fromString(""),
                        new byte[0]);
        Everything expected =
                Everything.newBuilder()
                        .setWInt32(Int32Value.of(0))
                        .setWInt64(Int64Value.of(0))
                        .setWUint32(UInt32Value.of(0))
                        .setWUint64(UInt64Value.of(0))
                        .setWFloat(FloatValue.of(0))
                        .setWDouble(DoubleValue.of(0))
                        .setWBool(BoolValue.of(false))
                        .setWString(StringValue.of(""))
                        .setWBytes(BytesValue.of(ByteString.EMPTY))
                        .build();

        byte[] bytes = encode(WRAPPERS, row);

        Everything parsed = Everything.parseFrom(bytes);
        assertThat(parsed.hasWInt32()).isTrue();
        assertThat(parsed.hasWBytes()).isTrue();
        assertThat(parsed.getWString().getSerializedSize()).isZero();
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void nullIsNoWrapper() throws Exception {
        assertThat(encode(WRAPPERS, new GenericRowData(9))).isEmpty();
    }

    @Test
    void aWrapperDeclaredAsRowIsWrittenAsAMessage() throws Exception {
        DataType type =
                ROW(
                        FIELD("w_int32", ROW(FIELD("value", INT()))),
                        FIELD("w_string", ROW(FIELD("value", STRING()))));
        Everything expected =
                Everything.newBuilder()
                        .setWInt32(Int32Value.of(4))
                        .setWString(StringValue.of(""))
                        .build();

        byte[] bytes =
                encode(
                        type,
                        GenericRowData.of(
                                GenericRowData.of(4),
                                GenericRowData.of(StringData.fromString(""))));

        assertThat(bytes).isEqualTo(expected.toByteArray());
    }
}
