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

import com.google.protobuf.Int32Value;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.flinkext.format.pb.table.PbKafkaTables.DESCRIPTOR_FILE;
import static dev.flinkext.format.pb.table.PbKafkaTables.causeChain;
import static dev.flinkext.format.pb.table.PbKafkaTables.everythingByClass;
import static dev.flinkext.format.pb.table.PbKafkaTables.kafkaTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code 'format' = 'pb'} read and written by Flink SQL through a real (in-JVM) Kafka broker. */
class PbKafkaSqlTest {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    /** A subset of Everything's fields, in another order, with the format's non-obvious types. */
    private static final String READ_COLUMNS =
            "  f_int32 INT,\n"
                    + "  f_uint32 BIGINT,\n"
                    + "  f_uint64 DECIMAL(20, 0),\n"
                    + "  f_enum STRING,\n"
                    + "  f_string STRING,\n"
                    + "  `inner` ROW<name STRING, `value` INT, color STRING>,\n"
                    + "  r_int64 ARRAY<BIGINT>,\n"
                    + "  m_string_int64 MAP<STRING, BIGINT>,\n"
                    + "  ts TIMESTAMP_LTZ(9),\n"
                    + "  w_int32 INT,\n"
                    + "  opt_string STRING,\n"
                    + "  choice_text STRING";

    private static final Everything FULL =
            Everything.newBuilder()
                    .setFInt32(-7)
                    .setFUint32(-1) // 2^32 - 1
                    .setFUint64(-1L) // 2^64 - 1
                    .setFEnum(Color.GREEN)
                    .setFString("héllo")
                    .setInner(Inner.newBuilder().setName("in").setValue(5).setColor(Color.BLUE))
                    .addAllRInt64(List.of(1L, -2L, 3L))
                    .putMStringInt64("a", 1L)
                    .putMStringInt64("b", -2L)
                    .setTs(Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(123_456_789))
                    .setWInt32(Int32Value.of(0)) // set to its default: 0, not NULL
                    .setOptString("") // set to its default: '', not NULL
                    .setChoiceText("picked")
                    .build();

    /** Nothing set but one scalar: every field with presence is NULL, lists and maps empty. */
    private static final Everything SPARSE = Everything.newBuilder().setFInt32(1).build();

    /** An enum number the schema does not declare, and the other member of the oneof. */
    private static final Everything UNDECLARED_ENUM =
            Everything.newBuilder()
                    .setFInt32(2)
                    .setFEnumValue(99)
                    .setInner(Inner.getDefaultInstance())
                    .setWInt32(Int32Value.of(-5))
                    .setOptString("x")
                    .setChoiceNumber(12)
                    .build();

    private static final Row FULL_ROW =
            Row.of(
                    -7,
                    4_294_967_295L,
                    new BigDecimal("18446744073709551615"),
                    "GREEN",
                    "héllo",
                    Row.of("in", 5, "BLUE"),
                    new Long[] {1L, -2L, 3L},
                    Map.of("a", 1L, "b", -2L),
                    Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                    0,
                    "",
                    "picked");

    private static final Row SPARSE_ROW =
            Row.of(
                    1,
                    0L,
                    new BigDecimal("0"),
                    "COLOR_UNSPECIFIED",
                    "",
                    null,
                    new Long[0],
                    Map.of(),
                    null,
                    null,
                    null,
                    null);

    private static final Row UNDECLARED_ENUM_ROW =
            Row.of(
                    2,
                    0L,
                    new BigDecimal("0"),
                    "99",
                    "",
                    Row.of("", 0, "COLOR_UNSPECIFIED"),
                    new Long[0],
                    Map.of(),
                    null,
                    -5,
                    "x",
                    null);

    private static void produce(String topic, byte[]... values) {
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic(topic, 1);
        kafka.produce(topic, Arrays.stream(values).map(v -> KafkaRecord.of(null, v)).toList());
    }

    private static FlinkSql sql() {
        return FlinkSql.streaming().set("table.local-time-zone", "UTC");
    }

    @Test
    void selectReadsAColumnSubsetWithExactValuesNullsAndEmptyCollections() {
        produce("pb-read", FULL.toByteArray(), SPARSE.toByteArray(), UNDECLARED_ENUM.toByteArray());
        FlinkSql sql = sql();
        sql.executeScript(
                kafkaTable(
                        "everything_in",
                        READ_COLUMNS,
                        "pb-read",
                        KAFKA.server().bootstrapServers(),
                        everythingByClass()));

        List<Row> rows = sql.collect("SELECT * FROM everything_in");

        assertThat(rows).containsExactly(FULL_ROW, SPARSE_ROW, UNDECLARED_ENUM_ROW);
    }

    @Test
    void descriptorFileModeReadsTheSameRowsAsClassMode() {
        produce(
                "pb-read-descriptor",
                FULL.toByteArray(),
                SPARSE.toByteArray(),
                UNDECLARED_ENUM.toByteArray());
        FlinkSql sql = sql();
        sql.executeScript(
                kafkaTable(
                        "everything_by_descriptor",
                        READ_COLUMNS,
                        "pb-read-descriptor",
                        KAFKA.server().bootstrapServers(),
                        "  'format' = 'pb',\n"
                                + "  'pb.descriptor-file' = '"
                                + DESCRIPTOR_FILE
                                + "',\n"
                                + "  'pb.message-name' = 'flinkext.test.Everything'"));

        List<Row> rows = sql.collect("SELECT * FROM everything_by_descriptor");

        assertThat(rows).containsExactly(FULL_ROW, SPARSE_ROW, UNDECLARED_ENUM_ROW);
    }

    @Test
    void insertWritesMessagesThatProtobufJavaParsesExactly() throws Exception {
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic("pb-write", 1);
        FlinkSql sql = sql().parallelism(1);
        sql.executeScript(
                kafkaTable(
                                "everything_out",
                                "  f_int32 INT,\n"
                                        + "  f_uint32 BIGINT,\n"
                                        + "  f_uint64 DECIMAL(20, 0),\n"
                                        + "  f_enum STRING,\n"
                                        + "  `inner` ROW<name STRING, `value` INT, color STRING>,\n"
                                        + "  r_int64 ARRAY<BIGINT>,\n"
                                        + "  m_string_int64 MAP<STRING, BIGINT>,\n"
                                        + "  ts TIMESTAMP_LTZ(9),\n"
                                        + "  w_int32 INT,\n"
                                        + "  opt_string STRING",
                                "pb-write",
                                kafka.bootstrapServers(),
                                everythingByClass())
                        + ";\n"
                        + "INSERT INTO everything_out VALUES\n"
                        + " (-7, 4294967295, CAST('18446744073709551615' AS DECIMAL(20, 0)), 'GREEN',"
                        + "  ROW('in', 5, 'BLUE'), ARRAY[CAST(1 AS BIGINT), -2, 3],"
                        + "  MAP['a', CAST(1 AS BIGINT), 'b', -2],"
                        + "  CAST('2023-11-14 22:13:20.123456789' AS TIMESTAMP_LTZ(9)), 0, ''),\n"
                        + " (1, CAST(NULL AS BIGINT), CAST(NULL AS DECIMAL(20, 0)), CAST(NULL AS STRING),"
                        + "  CAST(NULL AS ROW<name STRING, `value` INT, color STRING>),"
                        + "  CAST(NULL AS ARRAY<BIGINT>), CAST(NULL AS MAP<STRING, BIGINT>),"
                        + "  CAST(NULL AS TIMESTAMP_LTZ(9)), CAST(NULL AS INT), CAST(NULL AS STRING)),\n"
                        + " (2, 0, 0, '99', ROW('', 0, 'COLOR_UNSPECIFIED'), CAST(NULL AS ARRAY<BIGINT>),"
                        + "  CAST(NULL AS MAP<STRING, BIGINT>), CAST(NULL AS TIMESTAMP_LTZ(9)), -5, 'x');");

        // the sink's subtasks write to several partitions: Kafka keeps no order across them, so
        // the messages are compared in the order of the rows' f_int32 (-7, 1, 2)
        List<Everything> written =
                kafka.consume("pb-write", 3, Duration.ofSeconds(60)).stream()
                        .map(r -> parse(r.value()))
                        .sorted(java.util.Comparator.comparingInt(Everything::getFInt32))
                        .toList();

        Everything expectedFull =
                FULL.toBuilder().clearFString().clearChoice().build(); // columns not in the table
        Everything expectedUndeclared = UNDECLARED_ENUM.toBuilder().clearChoice().build();
        assertThat(written).containsExactly(expectedFull, SPARSE, expectedUndeclared);
        assertThat(written.get(0).hasWInt32()).isTrue();
        assertThat(written.get(0).hasOptString()).isTrue();
        assertThat(written.get(1).hasWInt32()).isFalse();
        assertThat(written.get(1).hasOptString()).isFalse();
    }

    @Test
    void keyAndValueFormatsBothPbWriteAndReadTheirOwnMessages() throws Exception {
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic("pb-keyed", 1);
        FlinkSql sql = sql().parallelism(1);
        String table =
                kafkaTable(
                        "keyed",
                        "  name STRING,\n"
                                + "  `value` INT,\n"
                                + "  f_int32 INT,\n"
                                + "  f_string STRING,\n"
                                + "  opt_int32 INT",
                        "pb-keyed",
                        kafka.bootstrapServers(),
                        "  'key.format' = 'pb',\n"
                                + "  'key.pb.message-class-name' = '"
                                + Inner.class.getName()
                                + "',\n"
                                + "  'key.fields' = 'name;value',\n"
                                + "  'value.format' = 'pb',\n"
                                + "  'value.pb.message-class-name' = '"
                                + Everything.class.getName()
                                + "',\n"
                                + "  'value.fields-include' = 'EXCEPT_KEY'");
        sql.executeScript(
                table
                        + ";\n"
                        + "INSERT INTO keyed VALUES ('k1', 10, 1, 'one', 0), ('k2', -3, 2, 'two',"
                        + " CAST(NULL AS INT));");

        // SQL does not promise the two VALUES rows' order (CI once saw k2 first): compare each
        // message's key with its own value, in any order
        List<KafkaRecord> records = kafka.consume("pb-keyed", 2, Duration.ofSeconds(60));
        assertThat(records.stream().map(r -> List.of(parseInner(r.key()), parse(r.value()))))
                .containsExactlyInAnyOrder(
                        List.of(
                                Inner.newBuilder().setName("k1").setValue(10).build(),
                                Everything.newBuilder()
                                        .setFInt32(1)
                                        .setFString("one")
                                        .setOptInt32(0)
                                        .build()),
                        List.of(
                                Inner.newBuilder().setName("k2").setValue(-3).build(),
                                Everything.newBuilder().setFInt32(2).setFString("two").build()));

        assertThat(sql.collect("SELECT * FROM keyed"))
                .containsExactlyInAnyOrder(
                        Row.of("k1", 10, 1, "one", 0), Row.of("k2", -3, 2, "two", null));
    }

    @Test
    void ignoreParseErrorsSkipsAGarbageRecordBetweenGoodOnes() {
        produce("pb-garbage-skipped", FULL.toByteArray(), garbage(), SPARSE.toByteArray());
        FlinkSql sql = sql();
        sql.executeScript(
                kafkaTable(
                        "tolerant",
                        READ_COLUMNS,
                        "pb-garbage-skipped",
                        KAFKA.server().bootstrapServers(),
                        everythingByClass() + ",\n  'pb.ignore-parse-errors' = 'true'"));

        assertThat(sql.collect("SELECT * FROM tolerant")).containsExactly(FULL_ROW, SPARSE_ROW);
    }

    @Test
    void withoutIgnoreParseErrorsTheJobFailsNamingTheMessageAndTheByteOffset() {
        produce("pb-garbage-fails", FULL.toByteArray(), garbage(), SPARSE.toByteArray());
        FlinkSql sql = sql();
        sql.executeScript(
                kafkaTable(
                        "strict",
                        READ_COLUMNS,
                        "pb-garbage-fails",
                        KAFKA.server().bootstrapServers(),
                        everythingByClass()));

        Throwable failure = catchThrowable(() -> sql.collect("SELECT * FROM strict"));

        assertThat(causeChain(failure))
                .contains(
                        "Cannot decode protobuf message 'flinkext.test.Everything'",
                        "in field 'f_string' (#14)",
                        "at byte offset 4 of 5",
                        "'pb.ignore-parse-errors' = 'true'");
    }

    @Test
    void lengthDelimitedPayloadsHoldSeveralMessagesEachReadAsARowAndEachRowIsWrittenPrefixed()
            throws Exception {
        produce(
                "pb-delimited-in",
                delimited(FULL, SPARSE, UNDECLARED_ENUM),
                delimited(SPARSE, SPARSE));
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic("pb-delimited-out", 1);
        String delimited = everythingByClass() + ",\n  'pb.length-delimited' = 'true'";
        FlinkSql sql = sql().parallelism(1);
        sql.executeScript(
                kafkaTable(
                                "delimited_in",
                                READ_COLUMNS,
                                "pb-delimited-in",
                                kafka.bootstrapServers(),
                                delimited)
                        + ";\n"
                        + kafkaTable(
                                "delimited_out",
                                "  f_int32 INT,\n  f_string STRING",
                                "pb-delimited-out",
                                kafka.bootstrapServers(),
                                delimited)
                        + ";\n"
                        + "INSERT INTO delimited_out VALUES (1, 'a'), (2, 'b');");

        assertThat(sql.collect("SELECT * FROM delimited_in"))
                .containsExactly(FULL_ROW, SPARSE_ROW, UNDECLARED_ENUM_ROW, SPARSE_ROW, SPARSE_ROW);
        List<Everything> written = new ArrayList<>();
        for (KafkaRecord record : kafka.consume("pb-delimited-out", 2, Duration.ofSeconds(60))) {
            ByteArrayInputStream in = new ByteArrayInputStream(record.value());
            written.add(Everything.parseDelimitedFrom(in));
            assertThat(in.available()).as("one message per record").isZero();
        }
        assertThat(written)
                .containsExactly(
                        Everything.newBuilder().setFInt32(1).setFString("a").build(),
                        Everything.newBuilder().setFInt32(2).setFString("b").build());
    }

    /**
     * f_int32 = 1, then f_string (#14) announcing 5 bytes of which only 1 follows: a message cut
     * short, as a truncated write would leave it. Decoding stops at byte 4, where the string's
     * bytes begin.
     */
    private static byte[] garbage() {
        return new byte[] {0x08, 0x01, 0x72, 0x05, 'a'};
    }

    /** One payload of messages, each preceded by its varint length. */
    private static byte[] delimited(Everything... messages) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (Everything message : messages) {
            message.writeDelimitedTo(payload);
        }
        return payload.toByteArray();
    }

    private static Everything parse(byte[] bytes) {
        try {
            return Everything.parseFrom(bytes);
        } catch (Exception e) {
            throw new AssertionError("Not an Everything message", e);
        }
    }

    private static Inner parseInner(byte[] bytes) {
        try {
            return Inner.parseFrom(bytes);
        } catch (Exception e) {
            throw new AssertionError("Not an Inner message", e);
        }
    }
}
