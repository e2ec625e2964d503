package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.apache.flink.table.api.DataTypes.ARRAY;
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
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;

/** Repeated fields of every kind read as ARRAY, whether they come packed or not. */
class RepeatedFieldsDecodeTest {

    private static final DataType NUMBERS =
            ROW(
                    FIELD("r_int32", ARRAY(INT())),
                    FIELD("r_int64", ARRAY(BIGINT())),
                    FIELD("r_uint32", ARRAY(BIGINT())),
                    FIELD("r_uint64", ARRAY(DECIMAL(20, 0))),
                    FIELD("r_sint32", ARRAY(INT())),
                    FIELD("r_fixed64", ARRAY(DECIMAL(20, 0))),
                    FIELD("r_double", ARRAY(DOUBLE())),
                    FIELD("r_float", ARRAY(FLOAT())),
                    FIELD("r_bool", ARRAY(BOOLEAN())),
                    FIELD("r_unpacked", ARRAY(INT())));

    @Test
    void everyScalarKindReadsAsArrayInWireOrder() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .addRInt32(1)
                        .addRInt32(-1)
                        .addRInt64(Long.MIN_VALUE)
                        .addRUint32(-1)
                        .addRUint64(-1L)
                        .addRUint64(1L)
                        .addRSint32(-5)
                        .addRFixed64(Long.MIN_VALUE)
                        .addRDouble(0.5)
                        .addRFloat(-1.5f)
                        .addRBool(true)
                        .addRBool(false)
                        .addRUnpacked(7)
                        .addRUnpacked(8)
                        .addRString("a")
                        .addRString("")
                        .addRBytes(ByteString.copyFrom(new byte[] {9}))
                        .addREnum(Color.RED)
                        .addREnum(Color.BLUE)
                        .build();

        Row numbers = ExternalRows.decode(Everything.class, NUMBERS, message);
        Row others =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("r_string", ARRAY(STRING())),
                                FIELD("r_bytes", ARRAY(BYTES())),
                                FIELD("r_enum", ARRAY(STRING())),
                                FIELD("r_float", ARRAY(DOUBLE()))),
                        message);

        assertThat(numbers)
                .isEqualTo(
                        Row.of(
                                new Integer[] {1, -1},
                                new Long[] {Long.MIN_VALUE},
                                new Long[] {4294967295L},
                                new BigDecimal[] {
                                    new BigDecimal("18446744073709551615"), BigDecimal.ONE
                                },
                                new Integer[] {-5},
                                new BigDecimal[] {new BigDecimal("9223372036854775808")},
                                new Double[] {0.5},
                                new Float[] {-1.5f},
                                new Boolean[] {true, false},
                                new Integer[] {7, 8}));
        assertThat((String[]) others.getField(0)).containsExactly("a", "");
        assertThat((Object[]) others.getField(1)).containsExactly(new byte[] {9});
        assertThat((String[]) others.getField(2)).containsExactly("RED", "BLUE");
        assertThat((Double[]) others.getField(3)).containsExactly(-1.5);
    }

    @Test
    void enumElementsReadAsNumbersIntoArrayOfInt() throws Exception {
        Everything message = Everything.newBuilder().addREnum(Color.GREEN).addREnumValue(0).build();

        Row row =
                ExternalRows.decode(Everything.class, ROW(FIELD("r_enum", ARRAY(INT()))), message);

        assertThat(row).isEqualTo(Row.of((Object) new Integer[] {2, 0}));
    }

    @Test
    void numericArraysAreBuiltOnPrimitiveArrays() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .addRInt32(3)
                        .addRInt64(4)
                        .addRDouble(5)
                        .addRBool(true)
                        .build();

        RowData row =
                PbTestSchemas.decode(
                        Everything.class,
                        ROW(
                                FIELD("r_int32", ARRAY(INT())),
                                FIELD("r_int64", ARRAY(BIGINT())),
                                FIELD("r_double", ARRAY(DOUBLE())),
                                FIELD("r_bool", ARRAY(BOOLEAN()))),
                        message.toByteArray());

        assertThat(row.getArray(0).toIntArray()).containsExactly(3);
        assertThat(row.getArray(1).toLongArray()).containsExactly(4L);
        assertThat(row.getArray(2).toDoubleArray()).containsExactly(5.0);
        assertThat(row.getArray(3).toBooleanArray()).containsExactly(true);
    }

    @Test
    void packedFieldsWrittenUnpackedStillRead() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            out.writeInt32(50, 1); // r_int32, packed in the schema
                            out.writeInt32(50, -2);
                            out.writeUInt32(52, -1); // r_uint32
                            out.writeSInt32(54, -3); // r_sint32
                            out.writeFixed64(55, -1L); // r_fixed64
                            out.writeDouble(56, 1.25); // r_double
                            out.writeFloat(57, 2.5f); // r_float
                            out.writeBool(58, true); // r_bool
                            out.writeEnum(61, 3); // r_enum
                        });

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("r_int32", ARRAY(INT())),
                                FIELD("r_uint32", ARRAY(BIGINT())),
                                FIELD("r_sint32", ARRAY(INT())),
                                FIELD("r_fixed64", ARRAY(DECIMAL(20, 0))),
                                FIELD("r_double", ARRAY(DOUBLE())),
                                FIELD("r_float", ARRAY(FLOAT())),
                                FIELD("r_bool", ARRAY(BOOLEAN())),
                                FIELD("r_enum", ARRAY(STRING()))),
                        bytes);

        assertThat(Everything.parseFrom(bytes).getRInt32List()).containsExactly(1, -2);
        assertThat(row)
                .isEqualTo(
                        Row.of(
                                new Integer[] {1, -2},
                                new Long[] {4294967295L},
                                new Integer[] {-3},
                                new BigDecimal[] {new BigDecimal("18446744073709551615")},
                                new Double[] {1.25},
                                new Float[] {2.5f},
                                new Boolean[] {true},
                                new String[] {"BLUE"}));
    }

    @Test
    void unpackedFieldWrittenPackedStillReads() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out ->
                                WireBytes.writeDelimited(
                                        out,
                                        63, // r_unpacked, [packed = false]
                                        packed -> {
                                            packed.writeInt32NoTag(4);
                                            packed.writeInt32NoTag(-5);
                                            packed.writeInt32NoTag(600);
                                        }));

        Row row =
                ExternalRows.decode(
                        Everything.class, ROW(FIELD("r_unpacked", ARRAY(INT()))), bytes);

        assertThat(Everything.parseFrom(bytes).getRUnpackedList()).containsExactly(4, -5, 600);
        assertThat(row).isEqualTo(Row.of((Object) new Integer[] {4, -5, 600}));
    }

    @Test
    void packedRunsAndSingleElementsOfOneFieldConcatenateInWireOrder() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            out.writeSInt64(2, 99); // another field between the runs
                            WireBytes.writeDelimited(
                                    out,
                                    50,
                                    packed -> {
                                        packed.writeInt32NoTag(1);
                                        packed.writeInt32NoTag(2);
                                    });
                            out.writeInt32(50, 3);
                            WireBytes.writeDelimited(out, 50, packed -> packed.writeInt32NoTag(0));
                            WireBytes.writeDelimited(out, 50, packed -> {}); // an empty run
                        });

        Row row = ExternalRows.decode(Everything.class, ROW(FIELD("r_int32", ARRAY(INT()))), bytes);

        assertThat(row).isEqualTo(Row.of((Object) new Integer[] {1, 2, 3, 0}));
        assertThat(Everything.parseFrom(bytes).getRInt32List()).containsExactly(1, 2, 3, 0);
    }

    @Test
    void repeatedMessagesReadAsArrayOfRow() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .addRInner(Inner.newBuilder().setName("a").setValue(1))
                        .addRInner(Inner.getDefaultInstance())
                        .addRInner(Inner.newBuilder().setColor(Color.RED))
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD(
                                        "r_inner",
                                        ARRAY(
                                                ROW(
                                                        FIELD("name", STRING()),
                                                        FIELD("value", INT()),
                                                        FIELD("color", STRING()))))),
                        message);

        assertThat(row)
                .isEqualTo(
                        Row.of(
                                (Object)
                                        new Row[] {
                                            Row.of("a", 1, "COLOR_UNSPECIFIED"),
                                            Row.of("", 0, "COLOR_UNSPECIFIED"),
                                            Row.of("", 0, "RED")
                                        }));
    }

    @Test
    void repeatedTimestampsReadAsArrayOfTimestampLtz() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .addRTs(Timestamp.newBuilder().setSeconds(1).setNanos(2))
                        .addRTs(Timestamp.getDefaultInstance())
                        .addRTs(Timestamp.newBuilder().setSeconds(-1).setNanos(500_000_000))
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class, ROW(FIELD("r_ts", ARRAY(TIMESTAMP_LTZ(9)))), message);

        assertThat(row)
                .isEqualTo(
                        Row.of(
                                (Object)
                                        new Instant[] {
                                            Instant.ofEpochSecond(1, 2),
                                            Instant.EPOCH,
                                            Instant.ofEpochSecond(-1, 500_000_000)
                                        }));
    }
}
