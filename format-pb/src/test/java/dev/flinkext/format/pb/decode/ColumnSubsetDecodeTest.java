package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.EverythingColumns;
import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt64Value;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;

/** Decoding only some columns gives exactly those columns of a decode of all of them. */
class ColumnSubsetDecodeTest {

    private static final List<DataTypes.Field> ALL_COLUMNS =
            EverythingColumns.scalarsAnd(
                    FIELD("opt_int32", INT()),
                    FIELD("opt_string", STRING()),
                    FIELD("opt_enum", INT()),
                    FIELD("opt_uint64", DECIMAL(20, 0)),
                    FIELD(
                            "inner",
                            ROW(
                                    FIELD("name", STRING()),
                                    FIELD("value", INT()),
                                    FIELD("color", STRING()))),
                    FIELD("ts", TIMESTAMP_LTZ(9)),
                    FIELD("duration", ROW(FIELD("seconds", BIGINT()), FIELD("nanos", INT()))),
                    FIELD("w_int32", INT()),
                    FIELD("w_string", ROW(FIELD("value", STRING()))),
                    FIELD("w_uint64", DECIMAL(20, 0)),
                    FIELD("r_int32", ARRAY(INT())),
                    FIELD("r_uint64", ARRAY(DECIMAL(20, 0))),
                    FIELD("r_string", ARRAY(STRING())),
                    FIELD("r_enum", ARRAY(STRING())),
                    FIELD("r_inner", ARRAY(ROW(FIELD("name", STRING()), FIELD("value", INT())))),
                    FIELD("r_unpacked", ARRAY(INT())),
                    FIELD("r_ts", ARRAY(TIMESTAMP_LTZ(3))),
                    FIELD("m_string_int64", MAP(STRING(), BIGINT())),
                    FIELD("m_int32_string", MAP(INT(), STRING())),
                    FIELD("m_string_inner", MAP(STRING(), ROW(FIELD("value", INT())))),
                    FIELD("m_bool_bytes", MAP(BOOLEAN(), BYTES())),
                    FIELD("m_uint64_enum", MAP(DECIMAL(20, 0), STRING())),
                    FIELD("choice_text", STRING()),
                    FIELD("choice_number", BIGINT()),
                    FIELD("choice_inner", ROW(FIELD("name", STRING()))));

    private static final Everything MESSAGE =
            Everything.newBuilder()
                    .setFInt32(-1)
                    .setFInt64(2)
                    .setFUint32(-3)
                    .setFUint64(-4)
                    .setFSint32(-5)
                    .setFSint64(-6)
                    .setFFixed32(7)
                    .setFFixed64(-8)
                    .setFSfixed32(-9)
                    .setFSfixed64(10)
                    .setFFloat(1.5f)
                    .setFDouble(2.5)
                    .setFBool(true)
                    .setFString("s")
                    .setFBytes(ByteString.copyFromUtf8("b"))
                    .setFEnumValue(77)
                    .setOptString("")
                    .setOptEnum(Color.BLUE)
                    .setInner(Inner.newBuilder().setName("i").setColor(Color.RED))
                    .setTs(Timestamp.newBuilder().setSeconds(-100).setNanos(5))
                    .setDuration(Duration.newBuilder().setSeconds(3))
                    .setWInt32(Int32Value.of(0))
                    .setWString(StringValue.of("w"))
                    .setWUint64(UInt64Value.of(-1))
                    .addRInt32(1)
                    .addRInt32(2)
                    .addRUint64(-1)
                    .addRString("x")
                    .addREnumValue(9)
                    .addRInner(Inner.newBuilder().setValue(4))
                    .addRUnpacked(5)
                    .addRTs(Timestamp.newBuilder().setSeconds(1).setNanos(123_456_789))
                    .putMStringInt64("k", 1)
                    .putMInt32String(2, "v")
                    .putMStringInner("m", Inner.newBuilder().setValue(6).build())
                    .putMBoolBytes(true, ByteString.copyFromUtf8("t"))
                    .putMUint64EnumValue(-1, 99)
                    .setChoiceText("first")
                    .setChoiceNumber(42)
                    .build();

    private static Row decode(List<DataTypes.Field> columns) throws Exception {
        DataType rowType = ROW(columns.toArray(new DataTypes.Field[0]));
        return ExternalRows.decode(Everything.class, rowType, MESSAGE);
    }

    private static Row expected(Row full, List<DataTypes.Field> columns) {
        Row row = new Row(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            row.setField(i, full.getField(ALL_COLUMNS.indexOf(columns.get(i))));
        }
        return row;
    }

    @Test
    void everySingleColumnReadsAsInTheFullDecode() throws Exception {
        Row full = decode(ALL_COLUMNS);

        for (DataTypes.Field column : ALL_COLUMNS) {
            List<DataTypes.Field> one = List.of(column);
            assertThat(decode(one)).as(column.getName()).isEqualTo(expected(full, one));
        }
    }

    @Test
    void randomSubsetsInRandomOrderReadAsInTheFullDecode() throws Exception {
        Row full = decode(ALL_COLUMNS);
        Random random = new Random(5);

        for (int round = 0; round < 50; round++) {
            List<DataTypes.Field> subset = new ArrayList<>(ALL_COLUMNS);
            Collections.shuffle(subset, random);
            subset = subset.subList(0, 1 + random.nextInt(subset.size()));
            assertThat(decode(subset)).as(subset.toString()).isEqualTo(expected(full, subset));
        }
    }

    @Test
    void fullDecodeHasTheMessagesValues() throws Exception {
        Row full = decode(ALL_COLUMNS);

        assertThat(full.getField(ALL_COLUMNS.indexOf(FIELD("f_enum", STRING())))).isEqualTo("77");
        assertThat(full.getField(ALL_COLUMNS.indexOf(FIELD("opt_int32", INT())))).isNull();
        assertThat(full.getField(ALL_COLUMNS.indexOf(FIELD("choice_text", STRING())))).isNull();
        assertThat(full.getField(ALL_COLUMNS.indexOf(FIELD("choice_number", BIGINT()))))
                .isEqualTo(42L);
    }
}
