package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Legacy;
import dev.flinkext.format.pb.testproto.Level;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.ByteString;
import com.google.protobuf.WireFormat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.flinkext.format.pb.encode.RepeatedEncodeTest.str;
import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * proto2: the group {@code Extra} written as a group (START/END_GROUP tags), plain repeated
 * unpacked and {@code [packed = true]} packed, and every set field written, even at its default.
 */
class LegacyGroupEncodeTest {

    private static final DataType LEGACY =
            ROW(
                    FIELD("id", BIGINT()),
                    FIELD("name", STRING()),
                    FIELD("count", INT()),
                    FIELD("level", STRING()),
                    FIELD("ratio", DOUBLE()),
                    FIELD("plain_repeated", ARRAY(INT())),
                    FIELD("packed_repeated", ARRAY(INT())),
                    FIELD("extra", ROW(FIELD("note", STRING()))),
                    FIELD("blob", BYTES()));

    @Test
    void writesEveryFieldByteForByteAsProtobufJava() throws Exception {
        GenericRowData row =
                GenericRowData.of(
                        42L,
                        str("n"),
                        -3,
                        str("LOW"),
                        0.5,
                        new GenericArrayData(new int[] {1, 2}),
                        new GenericArrayData(new int[] {3, 4}),
                        GenericRowData.of(str("note")),
                        new byte[] {7});
        Legacy expected =
                Legacy.newBuilder()
                        .setId(42)
                        .setName("n")
                        .setCount(-3)
                        .setLevel(Level.LOW)
                        .setRatio(0.5)
                        .addAllPlainRepeated(List.of(1, 2))
                        .addAllPackedRepeated(List.of(3, 4))
                        .setExtra(Legacy.Extra.newBuilder().setNote("note"))
                        .setBlob(ByteString.copyFrom(new byte[] {7}))
                        .build();

        byte[] bytes = encode(row);

        assertThat(Legacy.parseFrom(bytes)).isEqualTo(expected);
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void theGroupIsDelimitedByStartAndEndGroupTags() throws Exception {
        GenericRowData row = new GenericRowData(9);
        row.setField(0, 1L);
        row.setField(7, GenericRowData.of(str("x")));

        byte[] bytes = encode(row);

        int start = tag(8, WireFormat.WIRETYPE_START_GROUP);
        int end = tag(8, WireFormat.WIRETYPE_END_GROUP);
        int note = tag(9, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        assertThat(bytes)
                .containsExactly(0x08, 0x01, start, note, 0x01, 'x', end)
                .isEqualTo(
                        Legacy.newBuilder()
                                .setId(1)
                                .setExtra(Legacy.Extra.newBuilder().setNote("x"))
                                .build()
                                .toByteArray());
    }

    @Test
    void anEmptyGroupIsStillPresent() throws Exception {
        GenericRowData row = new GenericRowData(9);
        row.setField(0, 1L);
        row.setField(7, GenericRowData.of((Object) null));

        byte[] bytes = encode(row);

        assertThat(Legacy.parseFrom(bytes).hasExtra()).isTrue();
        assertThat(bytes)
                .isEqualTo(
                        Legacy.newBuilder()
                                .setId(1)
                                .setExtra(Legacy.Extra.getDefaultInstance())
                                .build()
                                .toByteArray());
    }

    @Test
    void fieldsSetToTheirZeroOrDeclaredDefaultAreWritten() throws Exception {
        GenericRowData row =
                GenericRowData.of(
                        0L,
                        str("unnamed"),
                        7,
                        str("HIGH"),
                        0.0,
                        null,
                        null,
                        null,
                        new byte[] {'a', 'b', 'c'});
        Legacy expected =
                Legacy.newBuilder()
                        .setId(0)
                        .setName("unnamed")
                        .setCount(7)
                        .setLevel(Level.HIGH)
                        .setRatio(0)
                        .setBlob(ByteString.copyFromUtf8("abc"))
                        .build();

        byte[] bytes = encode(row);

        Legacy parsed = Legacy.parseFrom(bytes);
        assertThat(parsed.hasName()).isTrue();
        assertThat(parsed.hasCount()).isTrue();
        assertThat(parsed.hasLevel()).isTrue();
        assertThat(parsed.hasRatio()).isTrue();
        assertThat(parsed.hasBlob()).isTrue();
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    private static byte[] encode(GenericRowData row) {
        return PbTestSchemas.encoder(Legacy.class, LEGACY, PbFormatConfig.defaults())
                .serialize(row);
    }

    private static int tag(int fieldNumber, int wireType) {
        return fieldNumber << 3 | wireType;
    }
}
