package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/** An enum number the schema does not declare is kept: its digits as STRING, itself as INT. */
class UndeclaredEnumNumberTest {

    @Test
    void singularUndeclaredNumberReadsAsDigitsOrNumber() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setFEnumValue(42)
                        .setOptEnumValue(7)
                        .setInner(Inner.newBuilder().setColorValue(1000))
                        .build();

        Row asString =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("f_enum", STRING()),
                                FIELD("opt_enum", STRING()),
                                FIELD("inner", ROW(FIELD("color", STRING())))),
                        message);
        Row asInt =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("f_enum", INT()),
                                FIELD("opt_enum", INT()),
                                FIELD("inner", ROW(FIELD("color", INT())))),
                        message);

        assertThat(asString).isEqualTo(Row.of("42", "7", Row.of("1000")));
        assertThat(asInt).isEqualTo(Row.of(42, 7, Row.of(1000)));
    }

    @Test
    void negativeUndeclaredNumberWrittenOnTheWireKeepsItsSign() throws Exception {
        byte[] bytes = WireBytes.of(out -> out.writeEnum(16, -3)); // f_enum

        assertThat(Everything.parseFrom(bytes).getFEnumValue()).isEqualTo(-3);
        assertThat(ExternalRows.decode(Everything.class, ROW(FIELD("f_enum", STRING())), bytes))
                .isEqualTo(Row.of("-3"));
        assertThat(ExternalRows.decode(Everything.class, ROW(FIELD("f_enum", INT())), bytes))
                .isEqualTo(Row.of(-3));
    }

    @Test
    void undeclaredNumbersInsideArraysKeepTheirPlace() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out ->
                                WireBytes.writeDelimited(
                                        out,
                                        61, // r_enum, packed
                                        packed -> {
                                            packed.writeEnumNoTag(1);
                                            packed.writeEnumNoTag(42);
                                            packed.writeEnumNoTag(3);
                                        }));

        Row asString =
                ExternalRows.decode(Everything.class, ROW(FIELD("r_enum", ARRAY(STRING()))), bytes);
        Row asInt =
                ExternalRows.decode(Everything.class, ROW(FIELD("r_enum", ARRAY(INT()))), bytes);

        assertThat(Everything.parseFrom(bytes).getREnumValueList()).containsExactly(1, 42, 3);
        assertThat(asString).isEqualTo(Row.of((Object) new String[] {"RED", "42", "BLUE"}));
        assertThat(asInt).isEqualTo(Row.of((Object) new Integer[] {1, 42, 3}));
    }

    @Test
    void undeclaredNumbersAsMapValues() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .putMUint64EnumValue(1, 42)
                        .putMUint64Enum(2, Color.RED)
                        .build();

        Row asString =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("m_uint64_enum", MAP(DECIMAL(20, 0), STRING()))),
                        message);
        Row asInt =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("m_uint64_enum", MAP(DECIMAL(20, 0), INT()))),
                        message);

        assertThat(asString.getField(0))
                .isEqualTo(Map.of(BigDecimal.ONE, "42", new BigDecimal(2), "RED"));
        assertThat(asInt.getField(0)).isEqualTo(Map.of(BigDecimal.ONE, 42, new BigDecimal(2), 1));
    }
}
