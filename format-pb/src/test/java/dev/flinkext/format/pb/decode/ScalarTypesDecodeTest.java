package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.types.Row;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BINARY;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.CHAR;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.VARBINARY;
import static org.apache.flink.table.api.DataTypes.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/** Every scalar protobuf type read into each Flink type the mapping table allows for it. */
class ScalarTypesDecodeTest {

    @Test
    void signed32BitTypesReadAsIntAndWidenToBigint() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setFInt32(Integer.MIN_VALUE)
                        .setFSint32(-3)
                        .setFSfixed32(Integer.MAX_VALUE)
                        .build();

        Row asInt =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("f_int32", INT()),
                                FIELD("f_sint32", INT()),
                                FIELD("f_sfixed32", INT())),
                        message);
        Row asBigint =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("f_int32", BIGINT()),
                                FIELD("f_sint32", BIGINT()),
                                FIELD("f_sfixed32", BIGINT())),
                        message);

        assertThat(asInt).isEqualTo(Row.of(Integer.MIN_VALUE, -3, Integer.MAX_VALUE));
        assertThat(asBigint)
                .isEqualTo(Row.of((long) Integer.MIN_VALUE, -3L, (long) Integer.MAX_VALUE));
    }

    @Test
    void signed64BitTypesReadAsBigint() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setFInt64(Long.MIN_VALUE)
                        .setFSint64(Long.MAX_VALUE)
                        .setFSfixed64(-6)
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("f_int64", BIGINT()),
                                FIELD("f_sint64", BIGINT()),
                                FIELD("f_sfixed64", BIGINT())),
                        message);

        assertThat(row).isEqualTo(Row.of(Long.MIN_VALUE, Long.MAX_VALUE, -6L));
    }

    @Test
    void unsigned32BitTypesReadAsBigintWithoutTurningNegative() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setFUint32(-1) // 2^32 - 1
                        .setFFixed32(Integer.MIN_VALUE) // 2^31
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("f_uint32", BIGINT()), FIELD("f_fixed32", BIGINT())),
                        message);

        assertThat(row).isEqualTo(Row.of(4294967295L, 2147483648L));
    }

    @Test
    void unsigned64BitTypesReadAsExactDecimal() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setFUint64(-1L) // 2^64 - 1
                        .setFFixed64(Long.MIN_VALUE) // 2^63
                        .setOptUint64(42)
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("f_uint64", DECIMAL(20, 0)),
                                FIELD("f_fixed64", DECIMAL(20, 0)),
                                FIELD("opt_uint64", DECIMAL(38, 0))),
                        message);

        assertThat(row)
                .isEqualTo(
                        Row.of(
                                new BigDecimal("18446744073709551615"),
                                new BigDecimal("9223372036854775808"),
                                new BigDecimal("42")));
    }

    @Test
    void unsigned64BitTypesReadAsBigintBitsWithTheOption() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setFUint64(-1L) // 2^64 - 1
                        .setFFixed64(Long.MIN_VALUE) // 2^63
                        .setOptUint64(Long.MAX_VALUE)
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("f_uint64", BIGINT()),
                                FIELD("f_fixed64", BIGINT()),
                                FIELD("opt_uint64", BIGINT())),
                        PbFormatConfig.builder().uint64AsBigint(true).build(),
                        message.toByteArray());

        assertThat(row).isEqualTo(Row.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void floatReadsAsFloatAndWidensExactlyToDouble() throws Exception {
        Everything message = Everything.newBuilder().setFFloat(0.1f).setFDouble(-2.5e300).build();

        Row asFloat =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("f_float", FLOAT()), FIELD("f_double", DOUBLE())),
                        message);
        Row asDouble =
                ExternalRows.decode(Everything.class, ROW(FIELD("f_float", DOUBLE())), message);

        assertThat(asFloat).isEqualTo(Row.of(0.1f, -2.5e300));
        assertThat(asDouble).isEqualTo(Row.of((double) 0.1f));
    }

    @Test
    void boolReadsAsBoolean() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("f_bool", BOOLEAN())),
                        Everything.newBuilder().setFBool(true).build());

        assertThat(row).isEqualTo(Row.of(true));
    }

    @Test
    void stringReadsIntoAnyCharacterStringType() throws Exception {
        Everything message = Everything.newBuilder().setFString("grüße, 世界").build();

        for (var type : new org.apache.flink.table.types.DataType[] {STRING(), VARCHAR(64)}) {
            assertThat(ExternalRows.decode(Everything.class, ROW(FIELD("f_string", type)), message))
                    .isEqualTo(Row.of("grüße, 世界"));
        }
        Everything five = Everything.newBuilder().setFString("abcde").build();
        assertThat(ExternalRows.decode(Everything.class, ROW(FIELD("f_string", CHAR(5))), five))
                .isEqualTo(Row.of("abcde"));
    }

    @Test
    void bytesReadIntoAnyBinaryStringType() throws Exception {
        byte[] bytes = {0, (byte) 0xff, 7};
        Everything message = Everything.newBuilder().setFBytes(ByteString.copyFrom(bytes)).build();

        for (var type :
                new org.apache.flink.table.types.DataType[] {BYTES(), VARBINARY(16), BINARY(3)}) {
            Row row = ExternalRows.decode(Everything.class, ROW(FIELD("f_bytes", type)), message);
            assertThat((byte[]) row.getField(0)).containsExactly(bytes);
        }
    }

    @Test
    void enumReadsAsItsNameOrItsNumber() throws Exception {
        Everything message =
                Everything.newBuilder().setFEnum(Color.BLUE).setOptEnum(Color.RED).build();

        Row asString =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("f_enum", STRING()), FIELD("opt_enum", VARCHAR(10))),
                        message);
        Row asInt =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("f_enum", INT()), FIELD("opt_enum", INT())),
                        message);

        assertThat(asString).isEqualTo(Row.of("BLUE", "RED"));
        assertThat(asInt).isEqualTo(Row.of(3, 1));
    }

    @Test
    void nestedMessageReadsAsRowOfTheDeclaredFieldsInDeclaredOrder() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setInner(
                                Inner.newBuilder().setName("n").setValue(-9).setColor(Color.GREEN))
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD(
                                        "inner",
                                        ROW(
                                                FIELD("color", INT()),
                                                FIELD("value", BIGINT()),
                                                FIELD("name", STRING())))),
                        message);

        assertThat(row).isEqualTo(Row.of(Row.of(2, -9L, "n")));
    }
}
