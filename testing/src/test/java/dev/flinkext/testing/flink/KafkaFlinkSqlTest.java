package dev.flinkext.testing.flink;

import dev.flinkext.testing.kafka.KafkaBroker;
import dev.flinkext.testing.kafka.KafkaBrokerExtension;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Flink's 'kafka' SQL connector against the in-JVM broker, both directions. */
class KafkaFlinkSqlTest {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @Test
    void sqlJobWritesJsonRowsThatTheBrokerHelperReads() {
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic("flink-out", 2);

        FlinkSql.batch()
                .executeScript(
                        "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen',"
                                + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1',"
                                + " 'fields.id.end' = '5', 'number-of-rows' = '5');\n"
                                + "CREATE TABLE kafka_out (id BIGINT, name STRING) WITH (\n"
                                + "  'connector' = 'kafka',\n"
                                + "  'topic' = 'flink-out',\n"
                                + "  'properties.bootstrap.servers' = '"
                                + kafka.bootstrapServers()
                                + "',\n"
                                + "  'format' = 'json',\n"
                                + "  'sink.delivery-guarantee' = 'at-least-once'\n"
                                + ");\n"
                                + "INSERT INTO kafka_out SELECT id, CONCAT('n', CAST(id AS STRING)) FROM src;");

        assertThat(kafka.consumeValues("flink-out", 5, Duration.ofSeconds(60)))
                .containsExactlyInAnyOrder(
                        "{\"id\":1,\"name\":\"n1\"}",
                        "{\"id\":2,\"name\":\"n2\"}",
                        "{\"id\":3,\"name\":\"n3\"}",
                        "{\"id\":4,\"name\":\"n4\"}",
                        "{\"id\":5,\"name\":\"n5\"}");
    }

    @Test
    void sqlJobReadsWhatTheBrokerHelperWrote() {
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic("flink-in", 1);
        kafka.produceValues(
                "flink-in",
                "{\"k\":\"a\",\"v\":1}",
                "{\"k\":\"b\",\"v\":2}",
                "{\"k\":\"a\",\"v\":3}");

        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE input (k STRING, v INT) WITH (\n"
                        + "  'connector' = 'kafka',\n"
                        + "  'topic' = 'flink-in',\n"
                        + "  'properties.bootstrap.servers' = '"
                        + kafka.bootstrapServers()
                        + "',\n"
                        + "  'scan.startup.mode' = 'earliest-offset',\n"
                        + "  'scan.bounded.mode' = 'latest-offset',\n"
                        + "  'format' = 'json'\n"
                        + ")");

        List<Row> sums = sql.collectMaterialized("SELECT k, SUM(v) FROM input GROUP BY k");

        assertThat(sums).containsExactlyInAnyOrder(Row.of("a", 4), Row.of("b", 2));
    }
}
