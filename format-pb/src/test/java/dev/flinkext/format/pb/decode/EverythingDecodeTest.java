package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.EverythingColumns;
import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;

class EverythingDecodeTest {

    private static final DataType SCALARS =
            EverythingColumns.row(
                    EverythingColumns.scalarsAnd(
                            FIELD("inner", ROW(FIELD("name", STRING()), FIELD("value", INT()))),
                            FIELD("ts", TIMESTAMP_LTZ(9)),
                            FIELD("w_int32", INT()),
                            FIELD("r_int64", ARRAY(BIGINT())),
                            FIELD("m_string_int64", MAP(STRING(), BIGINT()))));

    @Test
    void readsEveryScalarIncludingUnsignedExtremes() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setFInt32(-7)
                        .setFInt64(Long.MIN_VALUE)
                        .setFUint32(-1) // 2^32 - 1
                        .setFUint64(-1L) // 2^64 - 1
                        .setFSint32(-3)
                        .setFSint64(-4)
                        .setFFixed32(-2) // 2^32 - 2
                        .setFFixed64(Long.MIN_VALUE) // 2^63
                        .setFSfixed32(-5)
                        .setFSfixed64(-6)
                        .setFFloat(1.5f)
                        .setFDouble(-2.25)
                        .setFBool(true)
                        .setFString("héllo")
                        .setFBytes(ByteString.copyFrom(new byte[] {1, 2, 3}))
                        .setFEnum(Color.GREEN)
                        .setInner(Inner.newBuilder().setName("n").setValue(9))
                        .setTs(
                                Timestamp.newBuilder()
                                        .setSeconds(1_700_000_000L)
                                        .setNanos(123_456_789))
                        .setWInt32(Int32Value.of(0))
                        .addRInt64(1)
                        .addRInt64(-1)
                        .putMStringInt64("a", 1)
                        .build();

        RowData row = PbTestSchemas.decode(Everything.class, SCALARS, message.toByteArray());
        byte[] encoded =
                PbTestSchemas.encoder(Everything.class, SCALARS, PbFormatConfig.defaults())
                        .serialize(row);
        assertThat(Everything.parseFrom(encoded)).isEqualTo(message);
        assertThat(encoded).isEqualTo(message.toByteArray());

        assertThat(row.getInt(0)).isEqualTo(-7);
        assertThat(row.getLong(1)).isEqualTo(Long.MIN_VALUE);
        assertThat(row.getLong(2)).isEqualTo(4294967295L);
        assertThat(row.getDecimal(3, 20, 0).toBigDecimal())
                .isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(row.getInt(4)).isEqualTo(-3);
        assertThat(row.getLong(5)).isEqualTo(-4);
        assertThat(row.getLong(6)).isEqualTo(4294967294L);
        assertThat(row.getDecimal(7, 20, 0))
                .isEqualTo(
                        DecimalData.fromBigDecimal(new BigDecimal("9223372036854775808"), 20, 0));
        assertThat(row.getInt(8)).isEqualTo(-5);
        assertThat(row.getLong(9)).isEqualTo(-6);
        assertThat(row.getFloat(10)).isEqualTo(1.5f);
        assertThat(row.getDouble(11)).isEqualTo(-2.25);
        assertThat(row.getBoolean(12)).isTrue();
        assertThat(row.getString(13)).isEqualTo(StringData.fromString("héllo"));
        assertThat(row.getBinary(14)).containsExactly(1, 2, 3);
        assertThat(row.getString(15)).isEqualTo(StringData.fromString("GREEN"));
        RowData inner = row.getRow(16, 2);
        assertThat(inner.getString(0).toString()).isEqualTo("n");
        assertThat(inner.getInt(1)).isEqualTo(9);
        assertThat(row.getTimestamp(17, 9))
                .isEqualTo(TimestampData.fromEpochMillis(1_700_000_000_123L, 456_789));
        assertThat(row.getInt(18)).isZero();
        assertThat(row.getArray(19).toLongArray()).containsExactly(1L, -1L);
        assertThat(((GenericMapData) row.getMap(20)).get(StringData.fromString("a"))).isEqualTo(1L);
    }
}
