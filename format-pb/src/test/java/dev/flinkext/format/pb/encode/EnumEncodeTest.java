package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;

import static dev.flinkext.format.pb.encode.ScalarEncodeTest.encode;
import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Enum columns: STRING by name or by decimal digits, INT by number; an unknown name fails. */
class EnumEncodeTest {

    private static final DataType AS_STRING =
            ROW(FIELD("f_enum", STRING()), FIELD("opt_enum", STRING()));

    @Test
    void writesANameAsItsNumber() throws Exception {
        Everything expected =
                Everything.newBuilder().setFEnum(Color.GREEN).setOptEnum(Color.BLUE).build();

        byte[] bytes = encode(AS_STRING, GenericRowData.of(str("GREEN"), str("BLUE")));

        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void writesDecimalDigitsAsThatNumberEvenWhenUndeclared() throws Exception {
        Everything expected = Everything.newBuilder().setFEnumValue(42).setOptEnumValue(2).build();

        byte[] bytes = encode(AS_STRING, GenericRowData.of(str("42"), str("2")));

        assertThat(bytes).isEqualTo(expected.toByteArray());
        Everything parsed = Everything.parseFrom(bytes);
        assertThat(parsed.getFEnumValue()).isEqualTo(42);
        assertThat(parsed.getOptEnum()).isEqualTo(Color.GREEN);
    }

    @Test
    void writesAnIntColumnAsTheNumber() throws Exception {
        DataType type = ROW(FIELD("f_enum", INT()), FIELD("r_enum", ARRAY(INT())));
        Everything expected =
                Everything.newBuilder()
                        .setFEnum(Color.RED)
                        .addREnumValue(3)
                        .addREnumValue(99)
                        .build();

        byte[] bytes = encode(type, GenericRowData.of(1, new GenericArrayData(new int[] {3, 99})));

        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void theZeroValueOfAnImplicitEnumIsLeftOffByNameAndByDigits() {
        assertThat(encode(AS_STRING, GenericRowData.of(str("COLOR_UNSPECIFIED"), null))).isEmpty();
        assertThat(encode(AS_STRING, GenericRowData.of(str("0"), null))).isEmpty();
    }

    @Test
    void anUnknownNameFailsNamingTheColumnTheValueAndTheEnumsValues() {
        assertThatThrownBy(() -> encode(AS_STRING, GenericRowData.of(null, str("PURPLE"))))
                .isInstanceOf(PbEncodeException.class)
                .hasMessageContaining("'flinkext.test.Everything'")
                .hasMessageContaining("column 'opt_enum'")
                .hasMessageContaining("'PURPLE'")
                .hasMessageContaining("flinkext.test.Color")
                .hasMessageContaining("COLOR_UNSPECIFIED, RED, GREEN, BLUE");
        // an implicit-presence enum checks the name while testing for its zero
        assertThatThrownBy(() -> encode(AS_STRING, GenericRowData.of(str("green"), null)))
                .isInstanceOf(PbEncodeException.class)
                .hasMessageContaining("column 'f_enum'")
                .hasMessageContaining("'green'");
    }

    @Test
    void anUnknownNameInAnArrayNamesTheColumn() {
        DataType type = ROW(FIELD("r_enum", ARRAY(STRING())));
        GenericRowData row =
                GenericRowData.of(new GenericArrayData(new Object[] {str("RED"), str("MAUVE")}));

        assertThatThrownBy(() -> encode(type, row))
                .isInstanceOf(PbEncodeException.class)
                .hasMessageContaining("column 'r_enum'")
                .hasMessageContaining("'MAUVE'");
    }

    private static StringData str(String value) {
        return StringData.fromString(value);
    }
}
