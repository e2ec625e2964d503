package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.EverythingColumns;
import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Int32Value;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scalar columns written as protobuf-java writes them: every type, proto3 implicit fields left off
 * at their zero, presence fields written even at zero, NULL columns left off.
 */
class ScalarEncodeTest {

    private static final DataType SCALARS = EverythingColumns.row(EverythingColumns.SCALARS);

    private static final DataType PRESENCE =
            ROW(
                    FIELD("opt_int32", INT()),
                    FIELD("opt_string", STRING()),
                    FIELD("opt_enum", STRING()),
                    FIELD("opt_uint64", DECIMAL(20, 0)),
                    FIELD("inner", ROW(FIELD("name", STRING()), FIELD("value", INT()))),
                    FIELD("w_int32", INT()));

    @Test
    void writesEveryScalarTypeByteForByteAsProtobufJava() throws Exception {
        GenericRowData row =
                GenericRowData.of(
                        -7,
                        Long.MIN_VALUE,
                        4294967295L,
                        decimal("18446744073709551615"),
                        Integer.MIN_VALUE,
                        Long.MIN_VALUE,
                        4294967294L,
                        decimal("9223372036854775808"),
                        -5,
                        -6L,
                        1.5f,
                        -2.25,
                        true,
                        StringData.fromString("héllo ✓ \uD83D\uDE00"),
                        new byte[] {0, 1, (byte) 0xFF},
                        StringData.fromString("BLUE"));
        Everything expected =
                Everything.newBuilder()
                        .setFInt32(-7)
                        .setFInt64(Long.MIN_VALUE)
                        .setFUint32(-1)
                        .setFUint64(-1L)
                        .setFSint32(Integer.MIN_VALUE)
                        .setFSint64(Long.MIN_VALUE)
                        .setFFixed32(-2)
                        .setFFixed64(Long.MIN_VALUE)
                        .setFSfixed32(-5)
                        .setFSfixed64(-6)
                        .setFFloat(1.5f)
                        .setFDouble(-2.25)
                        .setFBool(true)
                        .setFString("héllo ✓ \uD83D\uDE00")
                        .setFBytes(ByteString.copyFrom(new byte[] {0, 1, (byte) 0xFF}))
                        .setFEnum(Color.BLUE)
                        .build();

        byte[] bytes = encode(SCALARS, row);

        assertThat(Everything.parseFrom(bytes)).isEqualTo(expected);
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void implicitFieldsAtTheirZeroAreLeftOff() throws Exception {
        GenericRowData zeros =
                GenericRowData.of(
                        0,
                        0L,
                        0L,
                        decimal("0"),
                        0,
                        0L,
                        0L,
                        decimal("0"),
                        0,
                        0L,
                        0f,
                        0d,
                        false,
                        StringData.fromString(""),
                        new byte[0],
                        StringData.fromString("COLOR_UNSPECIFIED"));

        assertThat(encode(SCALARS, zeros)).isEmpty();
    }

    @Test
    void negativeZeroIsNotZeroOnTheWire() throws Exception {
        // protobuf-java compares raw bits: -0.0 is written
        DataType type = ROW(FIELD("f_float", FLOAT()), FIELD("f_double", DOUBLE()));
        Everything expected = Everything.newBuilder().setFFloat(-0f).setFDouble(-0d).build();

        byte[] bytes = encode(type, GenericRowData.of(-0f, -0d));

        assertThat(bytes).isNotEmpty().isEqualTo(expected.toByteArray());
    }

    @Test
    void presenceFieldsSetToZeroAreWritten() throws Exception {
        GenericRowData row =
                GenericRowData.of(
                        0,
                        StringData.fromString(""),
                        StringData.fromString("COLOR_UNSPECIFIED"),
                        decimal("0"),
                        GenericRowData.of(null, null),
                        0);
        Everything expected =
                Everything.newBuilder()
                        .setOptInt32(0)
                        .setOptString("")
                        .setOptEnum(Color.COLOR_UNSPECIFIED)
                        .setOptUint64(0)
                        .setInner(Inner.getDefaultInstance())
                        .setWInt32(Int32Value.of(0))
                        .build();

        byte[] bytes = encode(PRESENCE, row);

        Everything parsed = Everything.parseFrom(bytes);
        assertThat(parsed.hasOptInt32()).isTrue();
        assertThat(parsed.hasOptString()).isTrue();
        assertThat(parsed.hasOptEnum()).isTrue();
        assertThat(parsed.hasOptUint64()).isTrue();
        assertThat(parsed.hasInner()).isTrue();
        assertThat(parsed.hasWInt32()).isTrue();
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void nullColumnsAreLeftOff() throws Exception {
        assertThat(encode(SCALARS, new GenericRowData(16))).isEmpty();
        assertThat(encode(PRESENCE, new GenericRowData(6))).isEmpty();

        GenericRowData onlyString = new GenericRowData(16);
        onlyString.setField(13, StringData.fromString("x"));
        assertThat(encode(SCALARS, onlyString))
                .isEqualTo(Everything.newBuilder().setFString("x").build().toByteArray());
    }

    @Test
    void columnsInAnyOrderAreWrittenInFieldNumberOrder() throws Exception {
        DataType type =
                ROW(
                        FIELD("opt_string", STRING()),
                        FIELD("f_string", STRING()),
                        FIELD("inner", ROW(FIELD("value", INT()), FIELD("name", STRING()))),
                        FIELD("f_int32", INT()));
        GenericRowData row =
                GenericRowData.of(
                        StringData.fromString("o"),
                        StringData.fromString("s"),
                        GenericRowData.of(3, StringData.fromString("n")),
                        1);
        Everything expected =
                Everything.newBuilder()
                        .setFInt32(1)
                        .setFString("s")
                        .setOptString("o")
                        .setInner(Inner.newBuilder().setName("n").setValue(3))
                        .build();

        assertThat(encode(type, row)).isEqualTo(expected.toByteArray());
    }

    @Test
    void widenedColumnsAreNarrowedBackToTheField() throws Exception {
        // int32-family fields accept BIGINT columns, float fields DOUBLE columns
        DataType type =
                ROW(
                        FIELD("f_int32", BIGINT()),
                        FIELD("f_sint32", BIGINT()),
                        FIELD("f_sfixed32", BIGINT()),
                        FIELD("f_float", DOUBLE()));
        Everything expected =
                Everything.newBuilder()
                        .setFInt32(Integer.MIN_VALUE)
                        .setFSint32(Integer.MAX_VALUE)
                        .setFSfixed32(-1)
                        .setFFloat(0.1f)
                        .build();

        byte[] bytes =
                encode(
                        type,
                        GenericRowData.of(
                                (long) Integer.MIN_VALUE,
                                (long) Integer.MAX_VALUE,
                                -1L,
                                (double) 0.1f));

        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void uint64AsBigintWritesTheSame64Bits() throws Exception {
        DataType type = ROW(FIELD("f_uint64", BIGINT()), FIELD("f_fixed64", BIGINT()));
        Everything expected =
                Everything.newBuilder().setFUint64(-1L).setFFixed64(Long.MIN_VALUE).build();

        byte[] bytes =
                PbTestSchemas.encoder(
                                Everything.class,
                                type,
                                PbFormatConfig.builder().uint64AsBigint(true).build())
                        .serialize(GenericRowData.of(-1L, Long.MIN_VALUE));

        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    static DecimalData decimal(String value) {
        return DecimalData.fromBigDecimal(new BigDecimal(value), 20, 0);
    }

    static byte[] encode(DataType type, RowData row) {
        return PbTestSchemas.encoder(Everything.class, type, PbFormatConfig.defaults())
                .serialize(row);
    }
}
