package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.testproto.Everything;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.UInt32Value;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.flinkext.format.pb.encode.ScalarEncodeTest.decimal;
import static dev.flinkext.format.pb.encode.ScalarEncodeTest.encode;
import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A value the field cannot hold (BIGINT into int32, negative into unsigned, DECIMAL outside
 * 0..2^64-1) fails naming the message, the column and the value; the bounds themselves are written.
 */
class OutOfRangeEncodeTest {

    private static final String MESSAGE = "'flinkext.test.Everything'";

    @Test
    void bigintOutsideInt32Fails() {
        assertFails(ROW(FIELD("f_int32", BIGINT())), GenericRowData.of(2147483648L))
                .hasMessageContaining("column 'f_int32'")
                .hasMessageContaining("flinkext.test.Everything.f_int32 (#1)")
                .hasMessageContaining("2147483648 does not fit");
        assertFails(ROW(FIELD("f_sint32", BIGINT())), GenericRowData.of(-2147483649L))
                .hasMessageContaining("column 'f_sint32'")
                .hasMessageContaining("-2147483649");
        assertFails(ROW(FIELD("f_sfixed32", BIGINT())), GenericRowData.of(Long.MAX_VALUE))
                .hasMessageContaining("column 'f_sfixed32'")
                .hasMessageContaining(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void negativeOrTooLargeIntoUint32Fails() {
        assertFails(ROW(FIELD("f_uint32", BIGINT())), GenericRowData.of(-1L))
                .hasMessageContaining("column 'f_uint32'")
                .hasMessageContaining("-1 is outside")
                .hasMessageContaining("0..4294967295");
        assertFails(ROW(FIELD("f_fixed32", BIGINT())), GenericRowData.of(4294967296L))
                .hasMessageContaining("column 'f_fixed32'")
                .hasMessageContaining("4294967296 is outside");
    }

    @Test
    void decimalOutsideUint64Fails() {
        assertFails(ROW(FIELD("f_uint64", DECIMAL(20, 0))), GenericRowData.of(decimal("-1")))
                .hasMessageContaining("column 'f_uint64'")
                .hasMessageContaining("-1 is outside")
                .hasMessageContaining("0..18446744073709551615");
        assertFails(
                        ROW(FIELD("f_fixed64", DECIMAL(20, 0))),
                        GenericRowData.of(decimal("18446744073709551616")))
                .hasMessageContaining("column 'f_fixed64'")
                .hasMessageContaining("18446744073709551616 is outside");
    }

    @Test
    void outOfRangeInsideArraysMapsAndWrappersNamesTheColumn() {
        assertFails(
                        ROW(FIELD("r_uint32", ARRAY(BIGINT()))),
                        GenericRowData.of(new GenericArrayData(new Object[] {1L, -5L})))
                .hasMessageContaining("column 'r_uint32'")
                .hasMessageContaining("-5 is outside");
        assertFails(
                        ROW(FIELD("m_uint64_enum", MAP(DECIMAL(20, 0), STRING()))),
                        GenericRowData.of(
                                new GenericMapData(
                                        Map.of(decimal("-2"), StringData.fromString("RED")))))
                .hasMessageContaining("column 'm_uint64_enum'")
                .hasMessageContaining("-2 is outside");
        assertFails(ROW(FIELD("w_uint32", BIGINT())), GenericRowData.of(-3L))
                .hasMessageContaining("column 'w_uint32'")
                .hasMessageContaining("-3 is outside");
    }

    @Test
    void theBoundsThemselvesAreWritten() throws Exception {
        DataType type =
                ROW(
                        FIELD("f_int32", BIGINT()),
                        FIELD("f_uint32", BIGINT()),
                        FIELD("f_uint64", DECIMAL(20, 0)),
                        FIELD("w_uint32", BIGINT()));
        Everything expected =
                Everything.newBuilder()
                        .setFInt32(Integer.MAX_VALUE)
                        .setFUint32(-1)
                        .setFUint64(-1L)
                        .setWUint32(UInt32Value.of(-1))
                        .build();

        byte[] bytes =
                encode(
                        type,
                        GenericRowData.of(
                                (long) Integer.MAX_VALUE,
                                4294967295L,
                                decimal("18446744073709551615"),
                                4294967295L));

        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFails(
            DataType type, GenericRowData row) {
        return assertThatThrownBy(() -> encode(type, row))
                .isInstanceOf(PbEncodeException.class)
                .hasMessageContaining("Cannot encode a row as protobuf message " + MESSAGE);
    }
}
