package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.encode.PbRowDataSerializationSchema;
import dev.flinkext.format.pb.schema.PbSchema;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;
import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static dev.flinkext.format.pb.decode.IgnoreParseErrorsTest.collector;
import static dev.flinkext.format.pb.decode.MalformedInputTest.BAD_UTF8;
import static dev.flinkext.format.pb.decode.MalformedInputTest.TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code pb.length-delimited}: a payload of messages each preceded by its varint length (Java's
 * {@code writeDelimitedTo}) reads as one row per message; each written row gets a length prefix.
 */
class LengthDelimitedTest {

    private static final Everything FIRST =
            Everything.newBuilder().setFInt32(1).setFString("one").build();
    private static final Everything EMPTY = Everything.getDefaultInstance();
    private static final Everything THIRD =
            Everything.newBuilder()
                    .setFInt32(3)
                    .setInner(Inner.newBuilder().setName("x".repeat(300)))
                    .build();

    /** The metrics of the decoder opened last. */
    private RecordingMetricGroup metrics;

    @Test
    void aPayloadOfThreeMessagesIsThreeRows() throws Exception {
        byte[] payload = delimited(FIRST, EMPTY, THIRD);

        List<RowData> rows = readAll(decoder(false), payload);

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getInt(0)).isEqualTo(1);
        assertThat(rows.get(0).getString(2).toString()).isEqualTo("one");
        assertThat(rows.get(1).getInt(0)).isZero();
        assertThat(rows.get(1).isNullAt(3)).isTrue();
        assertThat(rows.get(2).getInt(0)).isEqualTo(3);
        assertThat(rows.get(2).getRow(3, 2).getString(0).toString()).hasSize(300);
    }

    @Test
    void anEmptyPayloadHoldsNoMessage() throws Exception {
        PbRowDataDeserializationSchema decoder = decoder(false);

        assertThat(readAll(decoder, new byte[0])).isEmpty();
        assertThat(decoder.deserialize(new byte[0])).isNull();
    }

    @Test
    void theSingleRowMethodReadsAOneMessagePayload() throws Exception {
        RowData row = decoder(false).deserialize(delimited(FIRST));

        assertThat(row.getInt(0)).isEqualTo(1);
    }

    @Test
    void theSingleRowMethodRefusesAPayloadOfSeveralMessages() {
        PbRowDataDeserializationSchema decoder = decoder(false);

        assertThatThrownBy(() -> decoder.deserialize(delimited(FIRST, EMPTY, THIRD)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("several messages")
                .hasMessageContaining("deserialize(byte[], Collector)");
    }

    @Test
    void eachWrittenRowIsOneLengthPrefixedMessage() throws Exception {
        RowType rowType = (RowType) TYPE.getLogicalType();
        PbRowDataSerializationSchema encoder =
                new PbRowDataSerializationSchema(
                        PbSchema.ofMessageClass(Everything.class),
                        rowType,
                        PbFormatConfig.builder().lengthDelimited(true).build());
        encoder.open(PbTestSchemas.serializationContext());
        GenericRowData small = new GenericRowData(6);
        small.setField(0, 1);
        small.setField(2, StringData.fromString("one"));
        GenericRowData empty = new GenericRowData(6);
        GenericRowData large = new GenericRowData(6);
        large.setField(0, 3);
        large.setField(3, GenericRowData.of(StringData.fromString("x".repeat(300)), null));

        byte[] first = encoder.serialize(small);
        byte[] second = encoder.serialize(empty);
        byte[] third = encoder.serialize(large);

        assertThat(first).isEqualTo(delimited(FIRST));
        assertThat(second).containsExactly(0);
        assertThat(third).isEqualTo(delimited(THIRD));
        assertThat(Everything.parseDelimitedFrom(new ByteArrayInputStream(third))).isEqualTo(THIRD);
        // what a sink wrote in several records, a source reads from one payload
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        concatenated.write(first);
        concatenated.write(second);
        concatenated.write(third);
        assertThat(readAll(decoder(false), concatenated.toByteArray())).hasSize(3);
    }

    @Test
    void aBadMiddleMessageIsSkippedAndTheOthersAreRead() throws Exception {
        byte[] payload = delimitedRaw(FIRST.toByteArray(), BAD_UTF8, THIRD.toByteArray());

        List<RowData> rows = readAll(decoder(true), payload);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getInt(0)).isEqualTo(1);
        assertThat(rows.get(1).getInt(0)).isEqualTo(3);
        assertThat(metrics.count("pbMessagesSkipped")).isEqualTo(1);
    }

    @Test
    void aBadMiddleMessageFailsAtItsOffsetInThePayload() {
        byte[] firstBytes = FIRST.toByteArray();
        byte[] payload = delimitedRaw(firstBytes, BAD_UTF8, THIRD.toByteArray());
        int badEnd = 1 + firstBytes.length + 1 + BAD_UTF8.length;

        assertThatThrownBy(() -> readAll(decoder(false), payload))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'flinkext.test.Everything'")
                .hasMessageContaining("in field 'f_string' (#14)")
                .hasMessageContaining("at byte offset " + badEnd + " of " + payload.length)
                .hasMessageContaining("'pb.ignore-parse-errors'");
    }

    @Test
    void aLengthPrefixPastThePayloadsEndFailsOrSkipsTheRest() throws Exception {
        byte[] good = delimited(FIRST);
        byte[] payload = new byte[good.length + 3];
        System.arraycopy(good, 0, payload, 0, good.length);
        payload[good.length] = 100; // claims 100 bytes, 2 follow

        assertThatThrownBy(() -> readAll(decoder(false), payload))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("a length prefix of 100 runs past the payload's end")
                .hasMessageContaining("(the length prefix)")
                .hasMessageContaining("at byte offset " + good.length + " of " + payload.length);
        List<RowData> rows = readAll(decoder(true), payload);
        assertThat(rows).hasSize(1);
        assertThat(metrics.count("pbMessagesSkipped")).isEqualTo(1);
    }

    private PbRowDataDeserializationSchema decoder(boolean ignoreParseErrors) {
        metrics = new RecordingMetricGroup();
        return PbTestSchemas.decoder(
                PbSchema.ofMessageClass(Everything.class),
                TYPE,
                PbFormatConfig.builder()
                        .lengthDelimited(true)
                        .ignoreParseErrors(ignoreParseErrors)
                        .build(),
                metrics);
    }

    private static List<RowData> readAll(PbRowDataDeserializationSchema decoder, byte[] payload)
            throws IOException {
        List<RowData> rows = new ArrayList<>();
        decoder.deserialize(payload, collector(rows));
        return rows;
    }

    private static byte[] delimited(Everything... messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Everything message : messages) {
            message.writeDelimitedTo(out);
        }
        return out.toByteArray();
    }

    /** Frames raw bytes as writeDelimitedTo would, whatever they hold. */
    private static byte[] delimitedRaw(byte[]... messages) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            for (byte[] message : messages) {
                out.writeUInt32NoTag(message.length);
                out.writeRawBytes(message);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
