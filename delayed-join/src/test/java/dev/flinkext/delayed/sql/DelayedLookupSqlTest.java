package dev.flinkext.delayed.sql;

import dev.flinkext.delayed.LateDimensionRows;
import dev.flinkext.delayed.LateRowsScenario;
import dev.flinkext.lookup.config.DelayedRetryOptions.FinalMiss;
import dev.flinkext.testing.flink.FailOnceAfterACheckpoint;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.collect.CollectedRows;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The delayed join from plain SQL ({@code delayed_lookup}, a process table function) on a real
 * Redis, declared with {@code CREATE FUNCTION}: late dimension rows joined once each while on-time
 * rows flow past, every final-miss policy (side-output into a second sink table), waiting rows
 * across a failover, and the planning-time errors.
 */
class DelayedLookupSqlTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final RowType PROBE =
            RowType.of(
                    new LogicalType[] {
                        new BigIntType(false),
                        new VarCharType(VarCharType.MAX_LENGTH),
                        new LocalZonedTimestampType(3)
                    },
                    new String[] {"id", "k", "ts"});

    @BeforeEach
    void dimensionRowsButTheLateAndNeverOnes() {
        LateDimensionRows.writeOnTime(REDIS.server());
    }

    private static void writeLateDimensionRows() {
        LateDimensionRows.writeLate(REDIS.server());
    }

    /**
     * Rows up to {@code keyed}: key 'k' || id; later ones (a tail that moves the watermark on): key
     * 'k1'. Event time is the wall clock when the row is made, watermark one second behind.
     */
    private static StreamTableEnvironment probe(
            StreamExecutionEnvironment env, long rows, long keyed, boolean failOnce) {
        return probe(env, rows, keyed, failOnce, false);
    }

    private static StreamTableEnvironment probe(
            StreamExecutionEnvironment env,
            long rows,
            long keyed,
            boolean failOnce,
            boolean lateShareAKey) {
        env.setParallelism(2);
        DataStream<RowData> probe =
                env.fromSequence(1, rows)
                        .filter(
                                id ->
                                        keyed == rows
                                                || !LateDimensionRows.never(
                                                        id)) // only bounded runs keep them
                        .map(
                                id ->
                                        (RowData)
                                                GenericRowData.of(
                                                        id,
                                                        StringData.fromString(
                                                                LateDimensionRows.keyOf(
                                                                        id, keyed, lateShareAKey)),
                                                        TimestampData.fromEpochMillis(
                                                                System.currentTimeMillis())))
                        .returns(InternalTypeInfo.of(PROBE));
        if (failOnce) {
            probe =
                    probe.map(new FailOnceAfterACheckpoint(1000))
                            .returns(InternalTypeInfo.of(PROBE));
        }
        StreamTableEnvironment tEnv = ProbeTables.withProbe(probe);
        return tEnv;
    }

    /** A delayed_lookup call over probe and the Redis dimension 'd:' with these retry options. */
    private static String call(String retryOptions) {
        return "delayed_lookup(input => TABLE probe PARTITION BY k, on_time => DESCRIPTOR(ts),"
                + " dim_columns => 'k STRING, v STRING',"
                + " dim_options => MAP['connector', 'redis', 'host', '"
                + REDIS.server().host()
                + "', 'port', '"
                + REDIS.server().port()
                + "', 'key-prefix', 'd:'"
                + retryOptions
                + "])";
    }

    @Test
    void lateRowsAreJoinedOnceTheirDimensionIsWrittenWhileOnTimeRowsFlowPast() throws Exception {
        StreamTableEnvironment tEnv =
                probe(FLINK.server().streamEnvironment(), 10_000_000, 300, false);
        String query =
                "SELECT id, v FROM "
                        + call(
                                ", 'lookup.delayed-retry.max-attempts', '40',"
                                        + " 'lookup.delayed-retry.interval', '100 ms',"
                                        + " 'lookup.delayed-retry.backoff', '1.5',"
                                        + " 'lookup.delayed-retry.max-interval', '1 s'");
        try (CloseableIterator<Row> rows = tEnv.sqlQuery(query).execute().collect()) {
            LateRowsScenario.lateRowsJoinedAfterTheirWrite(
                    rows,
                    r -> (Long) r.getField(0),
                    r -> String.valueOf(r.getField(1)),
                    REDIS.server());
        }
    }

    @ParameterizedTest
    @EnumSource(FinalMiss.class)
    void aKeyStillMissingAfterItsLastReReadTakesTheFinalMissPolicy(FinalMiss policy)
            throws Exception {
        writeLateDimensionRows(); // only ids 30..34 miss
        // a bounded input: its end (the last watermark) fires the remaining re-reads
        StreamTableEnvironment tEnv = probe(FLINK.server().streamEnvironment(), 100, 100, false);
        String joined =
                call(
                        ", 'lookup.delayed-retry.max-attempts', '3',"
                                + " 'lookup.delayed-retry.interval', '50 ms',"
                                + " 'lookup.delayed-retry.final-miss', '"
                                + policy
                                + "'");
        Set<String> rows = new HashSet<>();
        if (policy == FinalMiss.SIDE_OUTPUT) {
            // final misses into a second sink table, beside the joined rows, from one view
            tEnv.executeSql("CREATE TEMPORARY VIEW joined AS SELECT * FROM " + joined);
            tEnv.executeSql(
                    "CREATE TEMPORARY TABLE enriched (id BIGINT, v STRING)"
                            + " WITH ('connector' = 'collecting', 'name' = 'enriched')");
            tEnv.executeSql(
                    "CREATE TEMPORARY TABLE misses (id BIGINT, k STRING)"
                            + " WITH ('connector' = 'collecting', 'name' = 'misses')");
            CollectedRows.clear("enriched");
            CollectedRows.clear("misses");
            TableResult result =
                    tEnv.createStatementSet()
                            .addInsertSql(
                                    "INSERT INTO enriched SELECT id, v FROM joined WHERE NOT final_miss")
                            .addInsertSql(
                                    "INSERT INTO misses SELECT id, k FROM joined WHERE final_miss")
                            .execute();
            result.await();
            for (Row row : CollectedRows.of("enriched")) {
                assertThat(rows.add(row.getField(0) + "=" + row.getField(1)))
                        .as("%s", row)
                        .isTrue();
            }
            for (Row row : CollectedRows.of("misses")) {
                assertThat(row.getField(1)).isEqualTo("k" + row.getField(0));
                assertThat(rows.add(row.getField(0) + "=side")).as("%s", row).isTrue();
            }
        } else {
            try (CloseableIterator<Row> it =
                    tEnv.sqlQuery("SELECT id, v FROM " + joined).execute().collect()) {
                it.forEachRemaining(
                        row ->
                                assertThat(rows.add(row.getField(0) + "=" + row.getField(1)))
                                        .as("%s", row)
                                        .isTrue());
            }
        }
        LateRowsScenario.assertFinalMissOutcome(rows, policy);
    }

    @Test
    void aKeyPastMaxWaitingRowsGivesItsOldestRowsTheirFinalMissAtOnce() throws Exception {
        // the 10 late rows share key k10; 4 may wait: ids 10..15 are evicted as they come
        StreamTableEnvironment tEnv =
                probe(FLINK.server().streamEnvironment(), 10_000_000, 300, false, true);
        String query =
                "SELECT id, v, final_miss FROM "
                        + call(
                                ", 'lookup.delayed-retry.max-attempts', '100',"
                                        + " 'lookup.delayed-retry.interval', '100 ms',"
                                        + " 'lookup.delayed-retry.max-waiting-rows', '4'");
        try (CloseableIterator<Row> rows = tEnv.sqlQuery(query).execute().collect()) {
            Map<Long, String> late =
                    LateRowsScenario.oldestRowsEvictedPastMaxWaitingRows(
                            rows,
                            r -> (Long) r.getField(0),
                            r -> r.getField(1) + "/" + r.getField(2),
                            REDIS.server());
            for (long id = 10; id <= 19; id++) { // final_miss: TRUE for the evicted ones only
                assertThat(late.get(id)).isEqualTo(id <= 15 ? "null/true" : "v10/false");
            }
        }
    }

    @Test
    void waitingRowsSurviveAFailoverAndAreJoinedAfterTheRestart() throws Exception {
        StreamExecutionEnvironment env =
                FailOnceAfterACheckpoint.prepare(FLINK.server().streamEnvironment());
        StreamTableEnvironment tEnv = probe(env, 10_000_000, 300, true);
        String query =
                "SELECT id, v FROM "
                        + call(
                                ", 'lookup.delayed-retry.max-attempts', '100',"
                                        + " 'lookup.delayed-retry.interval', '200 ms'");
        Map<Long, Integer> lateJoins = new HashMap<>();
        boolean written = false;
        try (CloseableIterator<Row> rows = tEnv.sqlQuery(query).execute().collect()) {
            while (lateJoins.size() < 10) {
                if (!written && FailOnceAfterACheckpoint.FAILED.get()) {
                    writeLateDimensionRows(); // only after the failure: joined after the restore
                    written = true;
                }
                Row row = rows.next();
                long id = (Long) row.getField(0);
                if (LateDimensionRows.late(id)) {
                    assertThat(written).as("late id %d joined after the failover", id).isTrue();
                    assertThat(row.getField(1)).isEqualTo("v" + id);
                    lateJoins.merge(id, 1, Integer::sum);
                }
            }
        }
        assertThat(FailOnceAfterACheckpoint.FAILED).isTrue();
        assertThat(lateJoins.values()).containsOnly(1);
    }

    @Test
    void outputsThePartitionColumnsTheInputsOthersTheDimensionsAndRowtime() {
        StreamTableEnvironment tEnv = probe(FLINK.server().streamEnvironment(), 10, 10, false);
        List<String> columns =
                tEnv.sqlQuery(
                                "SELECT * FROM "
                                        + call(
                                                ", 'lookup.delayed-retry.max-attempts', '3',"
                                                        + " 'lookup.delayed-retry.final-miss',"
                                                        + " 'side-output'"))
                        .getResolvedSchema()
                        .getColumnNames();
        assertThat(columns).containsExactly("k", "id", "ts", "k0", "v", "final_miss", "rowtime");
    }

    @Test
    void refusesBadColumnsAndKeysAtPlanningNamingWhatIsWrong() {
        StreamTableEnvironment tEnv = probe(FLINK.server().streamEnvironment(), 10, 10, false);
        assertPlanningFails(tEnv, "'key STRING, v STRING'", "no key column 'k'");
        assertPlanningFails(
                tEnv, "'k INT, v STRING'", "key column 'k' is STRING in the input but 'k' is INT");
        assertPlanningFails(
                tEnv,
                "'k STRING v STRING'",
                "dim_columns 'k STRING v STRING' is not a column list");
    }

    /** Planning a call whose dim_columns are {@code dimColumns} fails with {@code message}. */
    private static void assertPlanningFails(
            StreamTableEnvironment tEnv, String dimColumns, String message) {
        String call =
                call(", 'lookup.delayed-retry.max-attempts', '3'")
                        .replace("'k STRING, v STRING'", dimColumns);
        assertFails(() -> tEnv.sqlQuery("SELECT * FROM " + call), message);
    }

    @Test
    void refusesBadOptionsWhenTheJobStartsNamingTheOption() {
        StreamTableEnvironment tEnv = probe(FLINK.server().streamEnvironment(), 10, 10, false);
        String retry = ", 'lookup.delayed-retry.max-attempts', '3'";
        assertRunFails(tEnv, call(""), "'lookup.delayed-retry.max-attempts' of at least 1");
        assertRunFails(tEnv, call(retry + ", 'hots', 'x'"), "hots");
        assertRunFails(tEnv, call(retry + ", 'lookup.async', 'true'"), "'lookup.async' = 'false'");
        assertRunFails(
                tEnv,
                call(retry).replace("'connector', 'redis', ", ""),
                "dim_options has no 'connector'");
    }

    private static void assertRunFails(StreamTableEnvironment tEnv, String call, String message) {
        assertFails(
                () -> {
                    try (CloseableIterator<Row> rows =
                            tEnv.sqlQuery("SELECT * FROM " + call).execute().collect()) {
                        rows.forEachRemaining(row -> {});
                    }
                },
                message);
    }

    private static void assertFails(ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .satisfies(
                        e -> {
                            Throwable cause = e;
                            StringBuilder messages = new StringBuilder();
                            while (cause != null) {
                                messages.append(cause.getMessage()).append('\n');
                                cause = cause.getCause();
                            }
                            assertThat(messages.toString()).contains(message);
                        });
    }
}
