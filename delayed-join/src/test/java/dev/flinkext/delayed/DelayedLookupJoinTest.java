package dev.flinkext.delayed;

import dev.flinkext.lookup.config.DelayedRetryOptions.FinalMiss;
import dev.flinkext.testing.flink.FailOnceAfterACheckpoint;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state-backed delayed join on a real Redis through connector-redis's own lookup function: late
 * dimension rows joined once each while on-time rows flow past, every final-miss policy, a bounded
 * input's end, and rows waiting across a failover.
 */
class DelayedLookupJoinTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final RowType INPUT =
            RowType.of(
                    new LogicalType[] {
                        new BigIntType(false), new VarCharType(VarCharType.MAX_LENGTH)
                    },
                    new String[] {"id", "k"});

    /** Rows up to {@code keyed}: key 'k' || id; later ones (a long tail): key 'k1', on time. */
    private static DataStream<RowData> probe(
            StreamExecutionEnvironment env, long rows, long keyed) {
        return probe(env, rows, keyed, false);
    }

    private static DataStream<RowData> probe(
            StreamExecutionEnvironment env, long rows, long keyed, boolean lateShareAKey) {
        return env.fromSequence(1, rows)
                .map(
                        id ->
                                (RowData)
                                        GenericRowData.of(
                                                id,
                                                StringData.fromString(
                                                        LateDimensionRows.keyOf(
                                                                id, keyed, lateShareAKey))))
                .returns(InternalTypeInfo.of(INPUT));
    }

    private static TableLookupFunctions.Lookup dim() {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TEMPORARY TABLE dim (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED)"
                        + " WITH ('connector' = 'redis', 'host' = '"
                        + REDIS.server().host()
                        + "', 'port' = '"
                        + REDIS.server().port()
                        + "', 'key-prefix' = 'd:');");
        return TableLookupFunctions.of(sql.tableEnv(), "dim", "k");
    }

    private static DelayedLookupJoin join(Map<String, String> options) {
        TableLookupFunctions.Lookup dim = dim();
        return DelayedLookupJoin.of(dim.function(), dim.rowType())
                .keyFields(1)
                .options(Configuration.fromMap(options));
    }

    /** A joined row's dimension value; a final miss NULL-padded shows as "null". */
    private static String value(RowData joined) {
        return joined.isNullAt(3) ? "null" : joined.getString(3).toString();
    }

    /** id -> "v" of each joined row; a final miss NULL-padded shows as "null". */
    private static String describe(RowData joined) {
        return joined.getLong(0) + "=" + (joined.isNullAt(3) ? "null" : joined.getString(3));
    }

    @BeforeEach
    void dimensionRowsButTheLateAndNeverOnes() {
        LateDimensionRows.writeOnTime(REDIS.server());
    }

    private static void writeLateDimensionRows() {
        LateDimensionRows.writeLate(REDIS.server());
    }

    @Test
    void lateRowsAreJoinedOnceTheirDimensionIsWrittenWhileOnTimeRowsFlowPast() throws Exception {
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(2);
        // 40 re-reads, 100 ms growing by 1.5 up to 1 s: a late row may wait ~35 s
        DelayedLookupJoin join =
                join(
                        Map.of(
                                "lookup.delayed-retry.max-attempts", "40",
                                "lookup.delayed-retry.interval", "100 ms",
                                "lookup.delayed-retry.backoff", "1.5",
                                "lookup.delayed-retry.max-interval", "1 s"));
        // ids 1..300 (10 late), then a tail of on-time rows that keeps the input open (timers)
        SingleOutputStreamOperator<RowData> joined =
                join.apply(
                        probe(env, 10_000_000, 300)
                                .filter(r -> !LateDimensionRows.never(r.getLong(0))),
                        INPUT);
        try (CloseableIterator<RowData> rows = joined.executeAndCollect()) {
            LateRowsScenario.lateRowsJoinedAfterTheirWrite(
                    rows, r -> r.getLong(0), DelayedLookupJoinTest::value, REDIS.server());
        }
    }

    @ParameterizedTest
    @EnumSource(FinalMiss.class)
    void aKeyStillMissingAfterItsLastReReadTakesTheFinalMissPolicy(FinalMiss policy)
            throws Exception {
        writeLateDimensionRows(); // only ids 30..34 miss
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(2);
        DelayedLookupJoin join =
                join(
                        Map.of(
                                "lookup.delayed-retry.max-attempts", "3",
                                "lookup.delayed-retry.interval", "50 ms",
                                "lookup.delayed-retry.final-miss", policy.toString()));
        // a bounded input: its end gives the waiting rows their re-reads before the job ends
        SingleOutputStreamOperator<RowData> joined = join.apply(probe(env, 100, 100), INPUT);
        DataStream<String> out =
                joined.map(DelayedLookupJoinTest::describe)
                        .union(
                                joined.getSideOutput(join.finalMisses())
                                        .map(r -> r.getLong(0) + "=side"));
        Set<String> rows = new HashSet<>();
        try (CloseableIterator<String> it = out.executeAndCollect()) {
            it.forEachRemaining(row -> assertThat(rows.add(row)).as(row).isTrue());
        }
        LateRowsScenario.assertFinalMissOutcome(rows, policy);
    }

    @Test
    void aKeyPastMaxWaitingRowsGivesItsOldestRowsTheirFinalMissAtOnce() throws Exception {
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(2);
        DelayedLookupJoin join =
                join(
                        Map.of(
                                "lookup.delayed-retry.max-attempts", "100",
                                "lookup.delayed-retry.interval", "100 ms",
                                "lookup.delayed-retry.max-waiting-rows", "4"));
        // the 10 late rows share key k10; 4 may wait: ids 10..15 are evicted as they come
        SingleOutputStreamOperator<RowData> joined =
                join.apply(
                        probe(env, 10_000_000, 300, true)
                                .filter(r -> !LateDimensionRows.never(r.getLong(0))),
                        INPUT);
        try (CloseableIterator<RowData> rows = joined.executeAndCollect()) {
            LateRowsScenario.oldestRowsEvictedPastMaxWaitingRows(
                    rows, r -> r.getLong(0), DelayedLookupJoinTest::value, REDIS.server());
        }
    }

    @Test
    void waitingRowsSurviveAFailoverAndAreJoinedAfterTheRestart() throws Exception {
        StreamExecutionEnvironment env =
                FailOnceAfterACheckpoint.prepare(FLINK.server().streamEnvironment());
        DelayedLookupJoin join =
                join(
                        Map.of(
                                "lookup.delayed-retry.max-attempts", "100",
                                "lookup.delayed-retry.interval", "200 ms"));
        // the late rows wait in state through a checkpoint; then the job fails and restores
        DataStream<RowData> input =
                probe(env, 10_000_000, 300)
                        .filter(r -> !LateDimensionRows.never(r.getLong(0)))
                        .map(new FailOnceAfterACheckpoint(1000))
                        .returns(InternalTypeInfo.of(INPUT));
        SingleOutputStreamOperator<RowData> joined = join.apply(input, INPUT);
        Map<Long, Integer> lateJoins = new HashMap<>();
        boolean written = false;
        try (CloseableIterator<RowData> rows = joined.executeAndCollect()) {
            while (lateJoins.size() < 10) {
                if (!written && FailOnceAfterACheckpoint.FAILED.get()) {
                    writeLateDimensionRows(); // only after the failure: joined after the restore
                    written = true;
                }
                RowData row = rows.next();
                long id = row.getLong(0);
                if (LateDimensionRows.late(id)) {
                    assertThat(written).as("late id %d joined after the failover", id).isTrue();
                    assertThat(row.getString(3).toString()).isEqualTo("v" + id);
                    lateJoins.merge(id, 1, Integer::sum);
                }
            }
        }
        assertThat(FailOnceAfterACheckpoint.FAILED).isTrue();
        assertThat(lateJoins.values()).containsOnly(1);
    }

    @Test
    void refusesADelayedJoinThatNeverRetriesAndATableWhoseLookupIsAsync() {
        TableLookupFunctions.Lookup dim = dim();
        assertThatThrownBy(
                        () ->
                                DelayedLookupJoin.of(dim.function(), dim.rowType())
                                        .options(new Configuration()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.delayed-retry.max-attempts' of at least 1");
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TEMPORARY TABLE adim (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED)"
                        + " WITH ('connector' = 'redis', 'host' = '"
                        + REDIS.server().host()
                        + "', 'port' = '"
                        + REDIS.server().port()
                        + "', 'lookup.async' = 'true');");
        assertThatThrownBy(() -> TableLookupFunctions.of(sql.tableEnv(), "adim", "k"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.async' = 'false'");
        assertThatThrownBy(() -> TableLookupFunctions.of(sql.tableEnv(), "adim", "nope"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("no column 'nope'");
    }
}
