package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt64Value;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.flinkext.format.pb.encode.RepeatedEncodeTest.str;
import static dev.flinkext.format.pb.encode.ScalarEncodeTest.decimal;
import static dev.flinkext.format.pb.encode.ScalarEncodeTest.encode;
import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows in Flink's binary layout (what a sink gets at runtime: BinaryRowData with binary strings,
 * decimals, timestamps, arrays and maps) encode to the same bytes as their generic form.
 */
class BinaryRowEncodeTest {

    private static final DataType TYPE =
            ROW(
                    FIELD("f_int32", INT()),
                    FIELD("f_uint64", DECIMAL(20, 0)),
                    FIELD("f_string", STRING()),
                    FIELD("f_bytes", BYTES()),
                    FIELD("f_enum", STRING()),
                    FIELD(
                            "inner",
                            ROW(
                                    FIELD("name", STRING()),
                                    FIELD("value", INT()),
                                    FIELD("color", STRING()))),
                    FIELD("ts", TIMESTAMP_LTZ(9)),
                    FIELD("w_int64", BIGINT()),
                    FIELD("w_uint64", DECIMAL(20, 0)),
                    FIELD("r_string", ARRAY(STRING())),
                    FIELD("r_uint64", ARRAY(DECIMAL(20, 0))),
                    FIELD(
                            "r_inner",
                            ARRAY(
                                    ROW(
                                            FIELD("name", STRING()),
                                            FIELD("value", INT()),
                                            FIELD("color", STRING())))),
                    FIELD("r_ts", ARRAY(TIMESTAMP_LTZ(9))),
                    FIELD("m_string_int64", MAP(STRING(), BIGINT())),
                    FIELD("m_uint64_enum", MAP(DECIMAL(20, 0), STRING())));

    @Test
    void aBinaryRowEncodesLikeItsGenericForm() throws Exception {
        String longText = "long ✓ ".repeat(40);
        GenericRowData generic =
                GenericRowData.of(
                        -1,
                        decimal("18446744073709551615"),
                        str(longText),
                        new byte[] {1, 2, 3},
                        str("GREEN"),
                        GenericRowData.of(str("in"), 7, str("BLUE")),
                        TimestampData.fromInstant(Instant.ofEpochSecond(-100, 123_456_789)),
                        0L,
                        decimal("9223372036854775808"),
                        new GenericArrayData(new Object[] {str("a"), null, str(longText)}),
                        new GenericArrayData(
                                new Object[] {decimal("1"), decimal("18446744073709551615")}),
                        new GenericArrayData(
                                new Object[] {GenericRowData.of(str("x"), 1, str("RED")), null}),
                        new GenericArrayData(
                                new Object[] {
                                    TimestampData.fromInstant(Instant.ofEpochSecond(5, 6))
                                }),
                        new GenericMapData(Map.of(str("k"), 9L)),
                        new GenericMapData(Map.of(decimal("3"), str("BLUE"))));
        BinaryRowData binary =
                new RowDataSerializer((RowType) TYPE.getLogicalType()).toBinaryRow(generic);
        Inner inner = Inner.newBuilder().setName("in").setValue(7).setColor(Color.BLUE).build();
        Everything expected =
                Everything.newBuilder()
                        .setFInt32(-1)
                        .setFUint64(-1L)
                        .setFString(longText)
                        .setFBytes(ByteString.copyFrom(new byte[] {1, 2, 3}))
                        .setFEnum(Color.GREEN)
                        .setInner(inner)
                        .setTs(Timestamp.newBuilder().setSeconds(-100).setNanos(123_456_789))
                        .setWInt64(Int64Value.of(0))
                        .setWUint64(UInt64Value.of(Long.MIN_VALUE))
                        .addAllRString(List.of("a", "", longText))
                        .addAllRUint64(List.of(1L, -1L))
                        .addRInner(Inner.newBuilder().setName("x").setValue(1).setColor(Color.RED))
                        .addRInner(Inner.getDefaultInstance())
                        .addRTs(Timestamp.newBuilder().setSeconds(5).setNanos(6))
                        .putMStringInt64("k", 9L)
                        .putMUint64Enum(3L, Color.BLUE)
                        .build();

        byte[] fromBinary = encode(TYPE, binary);

        assertThat(fromBinary).isEqualTo(encode(TYPE, generic));
        assertThat(Everything.parseFrom(fromBinary)).isEqualTo(expected);
        assertThat(fromBinary).isEqualTo(expected.toByteArray());
    }
}
