package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.sink.config.SinkWriterOptions;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.flink.FlinkClusterExtension;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server stops (or freezes) while the sink writes and comes back (same port, same data) within
 * the retry budget: the job finishes and the table holds every row. Delivery is at-least-once: an
 * INSERT the server stored but could not confirm is sent again, so a plain MergeTree may hold such
 * a batch twice (see connector-clickhouse/README.md); each case asserts what was measured on 18.16
 * and prints how many rows it found.
 */
class ClickHouseSinkFaultTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkFaultTest.class);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    /** A server of its own: this test stops it, which must not disturb other test classes. */
    private static ClickHouseServer server;

    private static final int ROWS = 3_000;
    private static final int BATCH = 50;

    private static final RowType ROW =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                                    DataTypes.FIELD("name", DataTypes.STRING()))
                            .getLogicalType();

    @BeforeAll
    static void startServer() throws Exception {
        server = new ClickHouseServerExtension().startUnmanaged();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Lets rows through at about one per millisecond, so that the job outlives the outage. */
    private static final class Throttle implements MapFunction<RowData, RowData> {
        @Override
        public RowData map(RowData row) throws Exception {
            if (row.getLong(0) % 2 == 0) {
                Thread.sleep(1);
            }
            return row;
        }
    }

    @RepeatedTest(3)
    void aServerStoppedAndRestartedWithinTheRetryBudgetLosesNoRow(RepetitionInfo repetition)
            throws Exception {
        String table = "outage_" + repetition.getCurrentRepetition();
        server.execute(
                "CREATE TABLE default."
                        + table
                        + " (id UInt64, name String) ENGINE = MergeTree ORDER BY id");
        List<RowData> rows = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            rows.add(GenericRowData.of(id, StringData.fromString("row " + id)));
        }
        ClickHouseSink sink =
                ClickHouseSink.builder()
                        .connection(
                                ClickHouseConnectionOptions.builder(server.httpUrl())
                                        .connectTimeout(Duration.ofSeconds(1))
                                        .socketTimeout(Duration.ofSeconds(5))
                                        .build())
                        .table("default", table)
                        .rowType(ROW)
                        .options(
                                SinkWriterOptions.builder()
                                        .maxRows(BATCH)
                                        .maxInFlightBatches(2)
                                        // budget: 20 attempts, 200 ms doubling to 1 s: ~17 s
                                        .retryPolicy(
                                                RetryPolicy.of(
                                                        20,
                                                        Duration.ofMillis(200),
                                                        Duration.ofSeconds(1)))
                                        .build())
                        .build();
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(1);
        env.fromData(rows, InternalTypeInfo.of(ROW))
                .map(new Throttle(), InternalTypeInfo.of(ROW))
                .sinkTo(sink);
        JobClient job = env.executeAsync("clickhouse outage");

        // stop the server once some batches are stored, while the job still writes
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long before = 0;
        while (before < 5L * BATCH) {
            assertThat(System.nanoTime()).as("rows reach the table").isLessThan(deadline);
            Thread.sleep(20);
            before = count(table, "count()");
        }
        server.stop();
        assertThat(server.isRunning()).isFalse();
        Thread.sleep(2_000);
        assertThat(job.getJobStatus().get().isGloballyTerminalState())
                .as("the job waits for the server, within its retry budget")
                .isFalse();
        server.restart();
        job.getJobExecutionResult().get(2, TimeUnit.MINUTES);

        long stored = count(table, "count()");
        long distinct = count(table, "uniqExact(id)");
        long duplicates = stored - distinct;
        String outcome =
                String.format(
                        "Outage after %d rows: %d rows stored, %d distinct, %d duplicates",
                        before, stored, distinct, duplicates);
        LOG.info(outcome);
        System.out.println(outcome);
        assertThat(distinct).as("every row at least once").isEqualTo(ROWS);
        assertThat(count(table, "min(id)")).isZero();
        assertThat(count(table, "max(id)")).isEqualTo(ROWS - 1);
        // at-least-once: what is extra can only be whole batches stored but unconfirmed
        assertThat(duplicates % BATCH).as("duplicates come in whole batches").isZero();
        // no exact count: in 2 of 15 runs one 50-row batch was stored twice (stored by the server
        // as it stopped, its answer lost, sent again after the restart)
        assertThat(duplicates)
                .as("at most the batches in flight at the stop, stored twice")
                .isLessThanOrEqualTo(2L * BATCH);
    }

    /**
     * The server frozen (SIGSTOP) for 4 s, longer than the 1 s socket timeout, while the sink
     * writes: the INSERTs sent meanwhile time out on the client and are retried until the server
     * thaws. Measured on 18.16: in 1 run of 5 one 50-row batch was stored twice (its INSERT timed
     * out on the client, yet the thawed server stored it, and the retry stored it again), in the
     * others every row once. So this asserts at-least-once only (every row, extra rows in whole
     * batches), and prints what it saw.
     */
    @Test
    void aFrozenServerLosesNoRow() throws Exception {
        String table = "frozen";
        server.execute(
                "CREATE TABLE default."
                        + table
                        + " (id UInt64, name String) ENGINE = MergeTree ORDER BY id");
        List<RowData> rows = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            rows.add(GenericRowData.of(id, StringData.fromString("row " + id)));
        }
        ClickHouseSink sink =
                ClickHouseSink.builder()
                        .connection(
                                ClickHouseConnectionOptions.builder(server.httpUrl())
                                        .connectTimeout(Duration.ofSeconds(1))
                                        .socketTimeout(Duration.ofSeconds(1))
                                        .build())
                        .table("default", table)
                        .rowType(ROW)
                        .options(
                                SinkWriterOptions.builder()
                                        .maxRows(BATCH)
                                        .maxInFlightBatches(1)
                                        .retryPolicy(
                                                RetryPolicy.of(
                                                        20,
                                                        Duration.ofMillis(200),
                                                        Duration.ofSeconds(1)))
                                        .build())
                        .build();
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(1);
        env.fromData(rows, InternalTypeInfo.of(ROW))
                .map(new Throttle(), InternalTypeInfo.of(ROW))
                .sinkTo(sink);
        JobClient job = env.executeAsync("clickhouse frozen");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long before = 0;
        while (before < 5L * BATCH) {
            assertThat(System.nanoTime()).as("rows reach the table").isLessThan(deadline);
            Thread.sleep(20);
            before = count(table, "count()");
        }
        signal("STOP");
        try {
            Thread.sleep(4_000);
        } finally {
            signal("CONT");
        }
        job.getJobExecutionResult().get(2, TimeUnit.MINUTES);

        long stored = count(table, "count()");
        long distinct = count(table, "uniqExact(id)");
        long duplicates = stored - distinct;
        String outcome =
                String.format(
                        "Frozen after %d rows: %d rows stored, %d distinct, %d duplicates",
                        before, stored, distinct, duplicates);
        LOG.info(outcome);
        System.out.println(outcome);
        assertThat(distinct).as("every row at least once").isEqualTo(ROWS);
        assertThat(duplicates % BATCH).as("duplicates come in whole batches").isZero();
    }

    private static void signal(String name) throws Exception {
        Process kill =
                new ProcessBuilder("kill", "-" + name, Long.toString(server.pid()))
                        .inheritIO()
                        .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + name).isZero();
    }

    private static long count(String table, String aggregate) {
        return Long.parseLong(
                server.query("SELECT " + aggregate + " FROM default." + table).get(0).get(0));
    }
}
