package dev.flinkext.format.pb.table;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;

import org.junit.jupiter.api.Test;

import static dev.flinkext.format.pb.table.PbKafkaTables.DESCRIPTOR_FILE;
import static dev.flinkext.format.pb.table.PbKafkaTables.EVERYTHING_CLASS;
import static dev.flinkext.format.pb.table.PbKafkaTables.causeChain;
import static dev.flinkext.format.pb.table.PbKafkaTables.kafkaTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A table that does not fit its message, or format options that do not make sense, fail when the
 * statement is planned, with what the user must change. The statements are only planned, down to
 * the job graph (EXPLAIN with the execution plan creates the runtime decoders and encoders), on a
 * TableEnvironment without a cluster: no job runs, and no broker is needed.
 */
class PbPlanningValidationSqlTest {

    private static final String NO_BROKER = "127.0.0.1:9";

    /** Plans {@code statement} over a table {@code t} of {@code columns} and {@code options}. */
    private static Throwable planningFailure(String columns, String options, String statement) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.executeSql(kafkaTable("t", columns, "unused", NO_BROKER, options));
        return catchThrowable(() -> env.explainSql(statement, ExplainDetail.JSON_EXECUTION_PLAN));
    }

    private static String byClass(String className) {
        return "  'format' = 'pb',\n  'pb.message-class-name' = '" + className + "'";
    }

    @Test
    void aWellFormedTableIsPlanned() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.executeSql(
                kafkaTable(
                        "t",
                        "f_int32 INT, f_uint32 BIGINT",
                        "unused",
                        NO_BROKER,
                        byClass(EVERYTHING_CLASS)));

        assertThat(env.explainSql("SELECT * FROM t", ExplainDetail.JSON_EXECUTION_PLAN))
                .contains("f_uint32");
    }

    @Test
    void aColumnOfTheWrongTypeNamesTheColumnTheFieldAndBothTypes() {
        Throwable failure =
                planningFailure(
                        "f_int32 INT, f_uint32 INT", byClass(EVERYTHING_CLASS), "SELECT * FROM t");

        assertThat(causeChain(failure))
                .contains(
                        "Column 'f_uint32' is declared INT, but protobuf field"
                                + " 'flinkext.test.Everything.f_uint32' is uint32: declare BIGINT");
    }

    @Test
    void aNestedColumnOfTheWrongTypeNamesItsPath() {
        Throwable failure =
                planningFailure(
                        "`inner` ROW<name STRING, color BOOLEAN>",
                        byClass(EVERYTHING_CLASS),
                        "SELECT * FROM t");

        assertThat(causeChain(failure))
                .contains(
                        "Column 'inner.color' is declared BOOLEAN, but protobuf field"
                                + " 'flinkext.test.Inner.color' is enum flinkext.test.Color");
    }

    @Test
    void aSinkColumnOfTheWrongTypeFailsTheInsertAtPlanning() {
        Throwable failure =
                planningFailure(
                        "f_uint64 BIGINT",
                        byClass(EVERYTHING_CLASS),
                        "INSERT INTO t VALUES (CAST(1 AS BIGINT))");

        assertThat(causeChain(failure))
                .contains(
                        "Column 'f_uint64' is declared BIGINT, but protobuf field"
                                + " 'flinkext.test.Everything.f_uint64' is uint64",
                        "DECIMAL(20, 0)",
                        "'pb.uint64-as-bigint'");
    }

    @Test
    void anUnknownColumnNamesTheMessageAndSuggestsTheField() {
        Throwable failure =
                planningFailure("fInt32 INT", byClass(EVERYTHING_CLASS), "SELECT * FROM t");

        assertThat(causeChain(failure))
                .contains(
                        "Column 'fInt32' is not a field of protobuf message"
                                + " 'flinkext.test.Everything'. Did you mean 'f_int32'?");
    }

    @Test
    void withoutAMessageTheErrorNamesBothWaysToGiveOne() {
        Throwable failure = planningFailure("f_int32 INT", "  'format' = 'pb'", "SELECT * FROM t");

        assertThat(causeChain(failure))
                .contains("'pb.message-class-name'", "'pb.descriptor-file'", "'pb.message-name'");
    }

    @Test
    void aClassAndADescriptorFileTogetherAreRefused() {
        Throwable failure =
                planningFailure(
                        "f_int32 INT",
                        byClass(EVERYTHING_CLASS)
                                + ",\n  'pb.descriptor-file' = '"
                                + DESCRIPTOR_FILE
                                + "',\n  'pb.message-name' = 'flinkext.test.Everything'",
                        "SELECT * FROM t");

        assertThat(causeChain(failure))
                .contains("Set either 'pb.message-class-name' or 'pb.descriptor-file', not both.");
    }

    @Test
    void aDescriptorFileWithoutAMessageNameIsRefused() {
        Throwable failure =
                planningFailure(
                        "f_int32 INT",
                        "  'format' = 'pb',\n  'pb.descriptor-file' = '" + DESCRIPTOR_FILE + "'",
                        "SELECT * FROM t");

        assertThat(causeChain(failure)).contains("'pb.descriptor-file' needs 'pb.message-name'");
    }

    @Test
    void anUnknownOptionGetsFlinksUnsupportedOptionError() {
        Throwable failure =
                planningFailure(
                        "f_int32 INT",
                        byClass(EVERYTHING_CLASS) + ",\n  'pb.foo' = 'bar'",
                        "SELECT * FROM t");

        assertThat(causeChain(failure)).contains("Unsupported options", "pb.foo");
    }

    @Test
    void aClassThatDoesNotExistIsNamed() {
        Throwable failure =
                planningFailure(
                        "f_int32 INT", byClass("com.acme.NoSuchMessage"), "SELECT * FROM t");

        assertThat(causeChain(failure))
                .contains(
                        "Cannot load the protobuf message class 'com.acme.NoSuchMessage'"
                                + " ('pb.message-class-name')");
    }
}
