package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.schema.PbSchema;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.flinkext.format.pb.decode.MalformedInputTest.BAD_UTF8;
import static dev.flinkext.format.pb.decode.MalformedInputTest.TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code pb.ignore-parse-errors} a bad message is skipped (no row) and counted in {@code
 * pbMessagesSkipped}, and the messages after it still decode. A NULL payload is no message at all.
 */
class IgnoreParseErrorsTest {

    private static final byte[] TRUNCATED = {0x72, 50, 'a', 'b', 'c'};

    /** The metrics of the decoder opened last. */
    private RecordingMetricGroup metrics;

    @Test
    void aBadMessageIsSkippedCountedAndTheNextOneStillDecodes() throws Exception {
        PbRowDataDeserializationSchema decoder = open(true);
        byte[] good = Everything.newBuilder().setFInt32(5).setFString("ok").build().toByteArray();

        assertThat(decoder.deserialize(BAD_UTF8)).isNull();
        assertThat(skipped()).isEqualTo(1);
        RowData row = decoder.deserialize(good);
        assertThat(row.getInt(0)).isEqualTo(5);
        assertThat(row.getString(2).toString()).isEqualTo("ok");
        assertThat(decoder.deserialize(TRUNCATED)).isNull();
        assertThat(decoder.deserialize(good).getInt(0)).isEqualTo(5);
        assertThat(skipped()).isEqualTo(2);
    }

    @Test
    void theCollectorGetsNothingForABadMessage() throws Exception {
        PbRowDataDeserializationSchema decoder = open(true);
        List<RowData> rows = new ArrayList<>();
        Collector<RowData> collector = collector(rows);

        decoder.deserialize(TRUNCATED, collector);
        decoder.deserialize(Everything.newBuilder().setFInt32(7).build().toByteArray(), collector);
        decoder.deserialize(BAD_UTF8, collector);

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getInt(0)).isEqualTo(7);
        assertThat(skipped()).isEqualTo(2);
    }

    @Test
    void withoutTheOptionTheSameMessageFailsAndNothingIsCounted() throws Exception {
        PbRowDataDeserializationSchema decoder = open(false);

        assertThatThrownBy(() -> decoder.deserialize(BAD_UTF8))
                .hasMessageContaining("'pb.ignore-parse-errors'");
        assertThat(skipped()).isZero();
    }

    @Test
    void aNullPayloadIsNoRowAndNoError() throws Exception {
        for (boolean ignore : new boolean[] {false, true}) {
            PbRowDataDeserializationSchema decoder = open(ignore);
            List<RowData> rows = new ArrayList<>();

            assertThat(decoder.deserialize(null)).isNull();
            decoder.deserialize(null, collector(rows));

            assertThat(rows).isEmpty();
        }
        assertThat(skipped()).isZero();
    }

    @Test
    void anEmptyPayloadIsAMessageOfDefaultsNotAnError() throws Exception {
        RowData row = open(false).deserialize(new byte[0]);

        assertThat(row.getInt(0)).isZero();
        assertThat(row.getString(2).toString()).isEmpty();
        assertThat(row.isNullAt(3)).isTrue();
    }

    private PbRowDataDeserializationSchema open(boolean ignoreParseErrors) {
        metrics = new RecordingMetricGroup();
        return PbTestSchemas.decoder(
                PbSchema.ofMessageClass(Everything.class),
                TYPE,
                PbFormatConfig.builder().ignoreParseErrors(ignoreParseErrors).build(),
                metrics);
    }

    private long skipped() {
        // fails naming the metric when open() did not register it
        return metrics.count(PbRowDataDeserializationSchema.SKIPPED_METRIC);
    }

    static Collector<RowData> collector(List<RowData> rows) {
        return new Collector<>() {
            @Override
            public void collect(RowData record) {
                rows.add(record);
            }

            @Override
            public void close() {}
        };
    }
}
