package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.EverythingV2;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.types.Row;

import com.google.protobuf.WireFormat;
import org.junit.jupiter.api.Test;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/** Fields the reader's schema does not know are skipped, whatever their wire type. */
class UnknownFieldsSkippedTest {

    @Test
    void newerWriterFieldsAreSkipped() throws Exception {
        EverythingV2 written =
                EverythingV2.newBuilder()
                        .setAddedString("new")
                        .setFInt32(1)
                        .setAddedMessage(Inner.newBuilder().setName("x").setValue(2))
                        .setFInt64(-2)
                        .addAddedFixed(3)
                        .addAddedFixed(4)
                        .setAddedFixed64(-1)
                        .setFString("kept")
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("f_int32", INT()),
                                FIELD("f_int64", BIGINT()),
                                FIELD("f_string", STRING()),
                                FIELD("r_int32", ARRAY(INT()))),
                        written);

        assertThat(row).isEqualTo(Row.of(1, -2L, "kept", new Integer[0]));
    }

    @Test
    void unknownGroupsAndEveryWireTypeAreSkipped() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            out.writeTag(900, WireFormat.WIRETYPE_START_GROUP);
                            out.writeString(1, "inside a group");
                            out.writeTag(2, WireFormat.WIRETYPE_START_GROUP);
                            out.writeFixed64(3, 1);
                            out.writeTag(2, WireFormat.WIRETYPE_END_GROUP);
                            out.writeTag(900, WireFormat.WIRETYPE_END_GROUP);
                            out.writeFixed32(901, 7);
                            out.writeInt32(14, 0); // f_string, wrong wire type first
                            out.writeString(14, "s");
                            out.writeFixed64(902, 7);
                            out.writeUInt64(5_000_000, -1L); // beyond the dense field table
                            out.writeByteArray(903, new byte[300]);
                        });

        Row row = ExternalRows.decode(Everything.class, ROW(FIELD("f_string", STRING())), bytes);

        assertThat(Everything.parseFrom(bytes).getFString()).isEqualTo("s");
        assertThat(row).isEqualTo(Row.of("s"));
    }

    @Test
    void knownFieldWithAnUnexpectedWireTypeIsSkippedLikeProtobufJavaDoes() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            out.writeFixed32(1, 7); // f_int32 is a varint
                            out.writeString(2, "x"); // f_int64 is a varint
                            out.writeInt32(30, 1); // inner is a message
                        });

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("f_int32", INT()),
                                FIELD("f_int64", BIGINT()),
                                FIELD("inner", ROW(FIELD("value", INT())))),
                        bytes);

        Everything parsed = Everything.parseFrom(bytes);
        assertThat(parsed.getFInt32()).isZero();
        assertThat(parsed.hasInner()).isFalse();
        assertThat(row).isEqualTo(Row.of(0, 0L, null));
    }
}
