package dev.flinkext.format.pb.table;

import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.kafka.KafkaBroker;
import dev.flinkext.testing.kafka.KafkaBrokerExtension;
import dev.flinkext.testing.kafka.KafkaRecord;

import org.apache.flink.types.Row;

import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.flinkext.format.pb.table.PbKafkaTables.causeChain;
import static dev.flinkext.format.pb.table.PbKafkaTables.everythingByClass;
import static dev.flinkext.format.pb.table.PbKafkaTables.kafkaTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Projection push-down: a query's columns reach the decoder, which skips every other field on the
 * wire. Flink's 'filesystem' connector pushes projections into its format; Kafka's connector
 * (5.0.0-2.2) does not push them at all (FLINK-32609 is open), so there the query is only checked
 * to be right.
 *
 * <p>The proof that unused fields are not decoded: the messages' {@code f_string} holds bytes that
 * are not UTF-8, which a proto3 string must be. A query without that column succeeds; one with it
 * fails.
 */
class PbProjectionPushDownSqlTest {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @TempDir static Path dir;

    private static final String WIDE_COLUMNS =
            "  f_int32 INT,\n"
                    + "  f_int64 BIGINT,\n"
                    + "  f_uint32 BIGINT,\n"
                    + "  f_uint64 DECIMAL(20, 0),\n"
                    + "  f_string STRING,\n"
                    + "  f_bytes BYTES,\n"
                    + "  f_enum STRING,\n"
                    + "  `inner` ROW<name STRING, `value` INT, color STRING>,\n"
                    + "  ts TIMESTAMP_LTZ(9),\n"
                    + "  r_int64 ARRAY<BIGINT>,\n"
                    + "  m_string_int64 MAP<STRING, BIGINT>,\n"
                    + "  opt_int32 INT";

    private static final List<Row> PROJECTED = List.of(Row.of(3, 4_294_967_295L), Row.of(4, 7L));

    private static String fileTable;

    @BeforeAll
    static void writeMessages() throws IOException {
        // The filesystem connector reads a DeserializationSchema format line by line: these
        // messages hold no '\n' byte (0x0A is the tag of a field #1 of type string or message,
        // so Inner.name and map entries are left out).
        Path file = dir.resolve("data").resolve("everything.pb");
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (byte[] message : messages()) {
            assertThat(message).doesNotContain((byte) '\n');
            lines.write(message);
            lines.write('\n');
        }
        Files.write(file, lines.toByteArray());
        fileTable =
                "CREATE TABLE wide_file (\n"
                        + WIDE_COLUMNS
                        + "\n) WITH (\n"
                        + "  'connector' = 'filesystem',\n"
                        + "  'path' = '"
                        + file.getParent().toUri()
                        + "',\n"
                        + everythingByClass()
                        + "\n)";
    }

    /** Two messages whose f_string (#14) is not valid UTF-8 (0xC3 0x28). */
    private static List<byte[]> messages() throws IOException {
        return List.of(
                withBadString(
                        Everything.newBuilder()
                                .setFInt32(3)
                                .setFUint32(-1)
                                .setFInt64(-9)
                                .setFEnum(Color.RED)
                                .setInner(Inner.newBuilder().setValue(1).setColor(Color.BLUE))
                                .addRInt64(5)
                                .build()),
                withBadString(Everything.newBuilder().setFInt32(4).setFUint32(7).build()));
    }

    private static byte[] withBadString(Everything message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeByteArray(14, new byte[] {(byte) 0xC3, 0x28});
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void explainShowsTheProjectionPushedIntoTheSource() {
        FlinkSql sql = FlinkSql.batch();
        sql.executeScript(fileTable);

        String plan = sql.tableEnv().explainSql("SELECT f_int32, f_uint32 FROM wide_file");

        assertThat(plan).contains("project=[f_int32, f_uint32]");
    }

    @Test
    void unusedFieldsAreSkippedOnTheWireSoTheirBadBytesDoNotMatter() {
        FlinkSql sql = FlinkSql.batch();
        sql.executeScript(fileTable);

        assertThat(sql.collect("SELECT f_int32, f_uint32 FROM wide_file"))
                .containsExactlyInAnyOrderElementsOf(PROJECTED);
    }

    @Test
    void theSkippedFieldIsBadIndeedWhenAQueryUsesIt() {
        FlinkSql sql = FlinkSql.batch();
        sql.executeScript(fileTable);

        Throwable failure =
                catchThrowable(() -> sql.collect("SELECT f_int32, f_string FROM wide_file"));

        assertThat(causeChain(failure))
                .contains("Cannot decode protobuf message 'flinkext.test.Everything'", "f_string");
    }

    @Test
    void aTwoColumnQueryOverAWideKafkaTableIsRight() throws IOException {
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic("pb-wide", 1);
        kafka.produce(
                "pb-wide",
                List.of(
                        KafkaRecord.of(
                                null,
                                Everything.newBuilder()
                                        .setFInt32(3)
                                        .setFUint32(-1)
                                        .setFString("s")
                                        .build()
                                        .toByteArray()),
                        KafkaRecord.of(
                                null,
                                Everything.newBuilder()
                                        .setFInt32(4)
                                        .setFUint32(7)
                                        .build()
                                        .toByteArray())));
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                kafkaTable(
                        "wide_kafka",
                        WIDE_COLUMNS,
                        "pb-wide",
                        kafka.bootstrapServers(),
                        everythingByClass()));

        assertThat(sql.collect("SELECT f_int32, f_uint32 FROM wide_kafka"))
                .containsExactlyElementsOf(PROJECTED);
    }
}
