package dev.flinkext.format.pb.table;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.kafka.KafkaBroker;
import dev.flinkext.testing.kafka.KafkaBrokerExtension;
import dev.flinkext.testing.kafka.KafkaRecord;

import org.apache.flink.types.Row;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flinkext.format.pb.table.PbKafkaTables.kafkaTable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message with no generated Java class at all: protoc compiles {@code orders.proto} into a
 * descriptor set when the test starts, the messages are built as {@link DynamicMessage}s, and SQL
 * reads and writes them with {@code 'pb.descriptor-file'} (given as a {@code file://} URI).
 */
class PbDescriptorOnlyKafkaSqlTest {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @TempDir static Path dir;

    private static final String COLUMNS =
            "  order_id STRING,\n"
                    + "  created_at TIMESTAMP_LTZ(9),\n"
                    + "  items ARRAY<ROW<sku STRING, quantity BIGINT, unit_price DOUBLE>>,\n"
                    + "  tags MAP<STRING, STRING>,\n"
                    + "  coupon STRING";

    private static Path descriptorSet;
    private static Descriptor order;

    @BeforeAll
    static void compileOrdersProto() throws Exception {
        Path protoc = Paths.get("target/protoc-plugins/protoc-4.32.1-linux-x86_64.exe");
        File[] wellKnown = new File("target/protoc-dependencies").listFiles();
        assertThat(wellKnown).as("protoc's well-known .proto files from the build").isNotEmpty();
        descriptorSet = dir.resolve("orders.desc");
        Process process =
                new ProcessBuilder(
                                protoc.toAbsolutePath().toString(),
                                "-I",
                                Paths.get("src/test/resources/descriptor-only")
                                        .toAbsolutePath()
                                        .toString(),
                                "-I",
                                wellKnown[0].getAbsolutePath(),
                                "--include_imports",
                                "--descriptor_set_out=" + descriptorSet,
                                "orders.proto")
                        .redirectErrorStream(true)
                        .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).as(output).isZero();
        order = messageOf(Files.readAllBytes(descriptorSet), "shop.v1.Order");
    }

    /** Builds the files of a descriptor set (dependencies first, as protoc writes them). */
    private static Descriptor messageOf(byte[] set, String fullName) throws Exception {
        Map<String, FileDescriptor> built = new HashMap<>();
        for (FileDescriptorProto file : FileDescriptorSet.parseFrom(set).getFileList()) {
            FileDescriptor[] deps =
                    file.getDependencyList().stream()
                            .map(built::get)
                            .toArray(FileDescriptor[]::new);
            built.put(file.getName(), FileDescriptor.buildFrom(file, deps));
        }
        String name = fullName.substring(fullName.lastIndexOf('.') + 1);
        return built.values().stream()
                .map(f -> f.findMessageTypeByName(name))
                .filter(d -> d != null && d.getFullName().equals(fullName))
                .findFirst()
                .orElseThrow();
    }

    private static String descriptorOptions() {
        return "  'format' = 'pb',\n"
                + "  'pb.descriptor-file' = '"
                + descriptorSet.toUri()
                + "',\n"
                + "  'pb.message-name' = 'shop.v1.Order'";
    }

    private static DynamicMessage lineItem(String sku, int quantity, double price) {
        Descriptor item = order.findFieldByName("items").getMessageType();
        return DynamicMessage.newBuilder(item)
                .setField(item.findFieldByName("sku"), sku)
                .setField(item.findFieldByName("quantity"), quantity)
                .setField(item.findFieldByName("unit_price"), price)
                .build();
    }

    private static DynamicMessage tag(String key, String value) {
        Descriptor entry = order.findFieldByName("tags").getMessageType();
        return DynamicMessage.newBuilder(entry)
                .setField(entry.findFieldByNumber(1), key)
                .setField(entry.findFieldByNumber(2), value)
                .build();
    }

    /** Order o-1: every field set, a quantity of 2^32 - 1. */
    private static DynamicMessage fullOrder() {
        return DynamicMessage.newBuilder(order)
                .setField(order.findFieldByName("order_id"), "o-1")
                .setField(
                        order.findFieldByName("created_at"),
                        Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5).build())
                .addRepeatedField(order.findFieldByName("items"), lineItem("a", -1, 2.5))
                .addRepeatedField(order.findFieldByName("items"), lineItem("b", 1, 0.25))
                .addRepeatedField(order.findFieldByName("tags"), tag("channel", "web"))
                .setField(order.findFieldByName("coupon"), "")
                .build();
    }

    /** Order o-2: nothing else set. */
    private static DynamicMessage bareOrder() {
        return DynamicMessage.newBuilder(order)
                .setField(order.findFieldByName("order_id"), "o-2")
                .build();
    }

    @Test
    void readsMessagesThatHaveNoJavaClass() {
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic("orders-in", 1);
        kafka.produce(
                "orders-in",
                List.of(
                        KafkaRecord.of(null, fullOrder().toByteArray()),
                        KafkaRecord.of(null, bareOrder().toByteArray())));
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                kafkaTable(
                        "orders",
                        COLUMNS,
                        "orders-in",
                        kafka.bootstrapServers(),
                        descriptorOptions()));

        assertThat(sql.collect("SELECT * FROM orders"))
                .containsExactly(
                        Row.of(
                                "o-1",
                                Instant.ofEpochSecond(1_700_000_000L, 5),
                                new Row[] {Row.of("a", 4_294_967_295L, 2.5), Row.of("b", 1L, 0.25)},
                                Map.of("channel", "web"),
                                ""),
                        Row.of("o-2", null, new Row[0], Map.of(), null));
    }

    @Test
    void writesMessagesThatParseWithTheDescriptorAlone() throws Exception {
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic("orders-out", 1);
        FlinkSql sql = FlinkSql.streaming().parallelism(1).set("table.local-time-zone", "UTC");
        sql.executeScript(
                kafkaTable(
                                "orders_sink",
                                COLUMNS,
                                "orders-out",
                                kafka.bootstrapServers(),
                                descriptorOptions())
                        + ";\n"
                        + "INSERT INTO orders_sink VALUES\n"
                        + " ('o-1', CAST('2023-11-14 22:13:20.000000005' AS TIMESTAMP_LTZ(9)),"
                        + "  ARRAY[ROW('a', CAST(4294967295 AS BIGINT), 2.5E0),"
                        + "        ROW('b', CAST(1 AS BIGINT), 0.25E0)],"
                        + "  MAP['channel', 'web'], ''),\n"
                        + " ('o-2', CAST(NULL AS TIMESTAMP_LTZ(9)),"
                        + "  CAST(NULL AS ARRAY<ROW<sku STRING, quantity BIGINT, unit_price DOUBLE>>),"
                        + "  CAST(NULL AS MAP<STRING, STRING>), CAST(NULL AS STRING));");

        List<KafkaRecord> records = kafka.consume("orders-out", 2, Duration.ofSeconds(60));

        // both sides parsed from bytes, so nested messages compare as DynamicMessages
        assertThat(parse(records.get(0).value())).isEqualTo(parse(fullOrder().toByteArray()));
        assertThat(parse(records.get(1).value())).isEqualTo(parse(bareOrder().toByteArray()));
    }

    private static DynamicMessage parse(byte[] bytes) throws Exception {
        return DynamicMessage.parseFrom(order, bytes);
    }
}
