package dev.flinkext.format.pb.table;

import dev.flinkext.format.pb.testproto.Everything;

import java.nio.file.Path;
import java.nio.file.Paths;

/** DDL of Kafka tables in the 'pb' format, for the SQL tests of this package. */
final class PbKafkaTables {

    static final String EVERYTHING_CLASS = Everything.class.getName();

    /** The descriptor set protoc wrote for the test messages during the build. */
    static final Path DESCRIPTOR_FILE =
            Paths.get("target/generated-test-resources/protobuf/test-messages.desc")
                    .toAbsolutePath();

    private PbKafkaTables() {}

    /** A bounded Kafka table (reads what the topic holds when the query starts). */
    static String kafkaTable(
            String name, String columns, String topic, String bootstrapServers, String options) {
        return "CREATE TABLE "
                + name
                + " (\n"
                + columns
                + "\n) WITH (\n"
                + "  'connector' = 'kafka',\n"
                + "  'topic' = '"
                + topic
                + "',\n"
                + "  'properties.bootstrap.servers' = '"
                + bootstrapServers
                + "',\n"
                + "  'scan.startup.mode' = 'earliest-offset',\n"
                + "  'scan.bounded.mode' = 'latest-offset',\n"
                + "  'sink.delivery-guarantee' = 'at-least-once',\n"
                + options
                + "\n)";
    }

    /**
     * {@code 'format' = 'pb'} reading {@code flinkext.test.Everything} from its generated class.
     */
    static String everythingByClass() {
        return "  'format' = 'pb',\n  'pb.message-class-name' = '" + EVERYTHING_CLASS + "'";
    }

    /** Every throwable of {@code failure}'s cause chain as {@code toString()}, one per line. */
    static String causeChain(Throwable failure) {
        if (failure == null) {
            throw new AssertionError("The statement should have failed but did not.");
        }
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
            if (t.getCause() == t) {
                break;
            }
        }
        return all.toString();
    }
}
