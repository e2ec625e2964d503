package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;
import dev.flinkext.format.pb.testproto.Node;

import org.apache.flink.table.types.DataType;

import com.google.protobuf.Int32Value;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concatenated messages parse as one merged message (protobuf's rule, and what a producer that
 * appends updates relies on): a message field seen twice merges, it does not keep the last copy.
 */
class RepeatedOccurrenceMergeTest {

    private static final DataType ROW_TYPE =
            ROW(
                    FIELD("f_int32", INT()),
                    FIELD("inner", ROW(FIELD("name", STRING()), FIELD("value", INT()))),
                    FIELD("ts", TIMESTAMP_LTZ(9)),
                    FIELD("w_int32", INT()),
                    FIELD("r_int64", ARRAY(BIGINT())),
                    FIELD("m_string_int64", MAP(STRING(), BIGINT())),
                    FIELD("choice_text", STRING()),
                    FIELD("choice_inner", ROW(FIELD("name", STRING()), FIELD("color", STRING()))));

    @Test
    void nestedMessagesTimestampsAndWrappersMergeFieldByField() throws Exception {
        byte[] first =
                Everything.newBuilder()
                        .setFInt32(1)
                        .setInner(Inner.newBuilder().setName("a"))
                        .setTs(Timestamp.newBuilder().setSeconds(10))
                        .setWInt32(Int32Value.of(5))
                        .build()
                        .toByteArray();
        byte[] second =
                Everything.newBuilder()
                        .setInner(Inner.newBuilder().setValue(5))
                        .setTs(Timestamp.newBuilder().setNanos(7))
                        .setWInt32(Int32Value.getDefaultInstance())
                        .build()
                        .toByteArray();
        assertReadsAsMerged(Everything.class, ROW_TYPE, first, second);
        assertThat(
                        ExternalRows.decode(Everything.class, ROW_TYPE, concat(first, second))
                                .toString())
                .contains("+I[a, 5]", "1970-01-01T00:00:10.000000007Z");
    }

    @Test
    void repeatedFieldsAndMapsAppendAndLaterKeysWin() throws Exception {
        byte[] first =
                Everything.newBuilder()
                        .addRInt64(1)
                        .addRInt64(2)
                        .putMStringInt64("a", 1)
                        .putMStringInt64("b", 2)
                        .build()
                        .toByteArray();
        byte[] second =
                Everything.newBuilder()
                        .addRInt64(3)
                        .putMStringInt64("b", 20)
                        .putMStringInt64("c", 3)
                        .build()
                        .toByteArray();
        assertReadsAsMerged(Everything.class, ROW_TYPE, first, second);
    }

    @Test
    void aOneofMessageMemberMergesWhileTheCaseStaysAndRestartsAfterASwitch() throws Exception {
        byte[] inner1 =
                Everything.newBuilder()
                        .setChoiceInner(Inner.newBuilder().setName("x"))
                        .build()
                        .toByteArray();
        byte[] inner2 =
                Everything.newBuilder()
                        .setChoiceInner(Inner.newBuilder().setColor(Color.RED))
                        .build()
                        .toByteArray();
        byte[] text = Everything.newBuilder().setChoiceText("t").build().toByteArray();
        assertReadsAsMerged(Everything.class, ROW_TYPE, inner1, inner2);
        // After another member, the member starts afresh (protobuf's C++ parser and the spec;
        // protobuf-java's generated builders keep the old sub-builder and would give [x, RED]).
        assertThat(
                        ExternalRows.decode(
                                        Everything.class, ROW_TYPE, concat(inner1, text, inner2))
                                .getField("choice_inner")
                                .toString())
                .isEqualTo("+I[, RED]");
    }

    @Test
    void recursiveMessagesMergeAtEveryDepth() throws Exception {
        DataType node =
                ROW(
                        FIELD("label", STRING()),
                        FIELD(
                                "left",
                                ROW(
                                        FIELD("label", STRING()),
                                        FIELD("children", ARRAY(ROW(FIELD("label", STRING())))),
                                        FIELD("left", ROW(FIELD("label", STRING()))))));
        byte[] first =
                Node.newBuilder()
                        .setLabel("root")
                        .setLeft(
                                Node.newBuilder()
                                        .addChildren(Node.newBuilder().setLabel("c1"))
                                        .setLeft(Node.newBuilder().setLabel("deep")))
                        .build()
                        .toByteArray();
        byte[] second =
                Node.newBuilder()
                        .setLeft(
                                Node.newBuilder()
                                        .setLabel("l")
                                        .addChildren(Node.newBuilder().setLabel("c2")))
                        .build()
                        .toByteArray();
        assertReadsAsMerged(Node.class, node, first, second);
    }

    private static byte[] concat(byte[]... parts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        return out.toByteArray();
    }

    private static void assertReadsAsMerged(Class<?> type, DataType rowType, byte[]... parts)
            throws Exception {
        byte[] bytes = concat(parts);
        byte[] merged = reparse(type, bytes);
        assertThat(ExternalRows.decode(type, rowType, bytes))
                .isEqualTo(ExternalRows.decode(type, rowType, merged));
    }

    private static byte[] reparse(Class<?> type, byte[] bytes) throws Exception {
        Object message = type.getMethod("parseFrom", byte[].class).invoke(null, (Object) bytes);
        return (byte[]) message.getClass().getMethod("toByteArray").invoke(message);
    }
}
