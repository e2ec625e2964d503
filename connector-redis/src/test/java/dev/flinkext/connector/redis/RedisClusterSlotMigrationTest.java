package dev.flinkext.connector.redis;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.redis.RedisCluster;
import dev.flinkext.testing.redis.RedisClusterExtension;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.SlotMigration;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes and lookups while a hash slot moves between masters: every key of the job lives in that
 * slot, and each phase is held until the job met it (the target saw the job's {@code ASKING}, the
 * source sent it {@code MOVED}). No row may be lost and the job must not fail: the retries are
 * generous, since a multi-key read of a half-moved slot answers {@code TRYAGAIN} until the move
 * ends.
 */
class RedisClusterSlotMigrationTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final int ROWS = 2000;
    private static final int ROWS_PER_SECOND = 400;
    private static final int MIGRATE_BATCH = 50;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);

    private RedisCluster cluster;
    private SlotMigration migration;
    private String tag;

    /** The slot of a fresh hash tag on master 0 moves to master 1 (the cluster is per class). */
    @BeforeEach
    void pickSlot() {
        cluster = CLUSTER.server();
        cluster.flushAll();
        RedisServer source = cluster.masters().get(0);
        tag = cluster.hashTagOn(source);
        cluster.masters().forEach(RedisServer::resetStats);
        migration = null;
    }

    private String options() {
        return "'connector' = 'redis', 'mode' = 'cluster', 'nodes' = '"
                + String.join(",", cluster.nodes())
                + "'";
    }

    private String key(int id) {
        return "{" + tag + "}:" + id;
    }

    private String keyExpression() {
        return "CONCAT('{" + tag + "}:', CAST(id AS STRING))";
    }

    private static String generator(String name, String extraColumns) {
        return "CREATE TEMPORARY TABLE "
                + name
                + " (id BIGINT"
                + extraColumns
                + ") WITH ('connector' = 'datagen', 'rows-per-second' = '"
                + ROWS_PER_SECOND
                + "', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',"
                + " 'fields.id.end' = '"
                + (ROWS - 1)
                + "');";
    }

    @Test
    void insertsWhileTheSlotMovesLoseNoRow() throws Exception {
        FlinkSql sql = FlinkSql.streaming();
        List<JobClient> jobs =
                sql.startScript(
                        "CREATE TABLE out_t (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED)"
                                + " WITH ("
                                + options()
                                + ", 'sink.buffer-flush.max-rows' = '20',"
                                + " 'sink.buffer-flush.interval' = '20 ms',"
                                + " 'sink.max-retries' = '10', 'sink.retry.backoff' = '20 ms');"
                                + generator("gen", "")
                                + "INSERT INTO out_t SELECT "
                                + keyExpression()
                                + ", CONCAT('v', CAST(id AS STRING)) FROM gen"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        JobClient job = jobs.get(0);
        BooleanSupplier running = () -> !job.getJobStatus().join().isGloballyTerminalState();
        RedisServer source = cluster.masters().get(0);

        Poll.untilWhileRunning(
                "the job's first writes to " + source,
                PHASE_TIMEOUT,
                running,
                () -> keysInSlot(source) > 0);
        moveEveryKeyButKeepTheSlot();
        Poll.untilWhileRunning(
                "the job to follow an ASK",
                PHASE_TIMEOUT,
                running,
                () -> migration.target().commandCalls("asking") > 0);
        migration.finish(MIGRATE_BATCH);
        Poll.untilWhileRunning(
                "the job to be sent MOVED",
                PHASE_TIMEOUT,
                running,
                () -> source.errorReplies("MOVED") > 0);

        job.getJobExecutionResult().get(2, TimeUnit.MINUTES); // throws if the job failed
        try (RedisClusterClient client = cluster.newClusterClient()) {
            for (int id = 0; id < ROWS; id++) {
                assertThat(client.get(key(id))).as(key(id)).isEqualTo("v" + id);
            }
        }
        try (var onTarget = migration.target().newJedis()) {
            assertThat(onTarget.clusterCountKeysInSlot(migration.slot())).isEqualTo(ROWS);
        }
    }

    @ParameterizedTest(name = "lookup.async = {0}")
    @ValueSource(booleans = {false, true})
    void lookupsWhileTheSlotMovesReturnEveryValue(boolean async) throws Exception {
        try (RedisClusterClient client = cluster.newClusterClient()) {
            for (int id = 0; id < ROWS; id++) {
                client.set(key(id), "v" + id);
            }
        }
        List<Row> result =
                lookUpWhileTheSlotMoves(
                        "CREATE TABLE dim (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED)"
                                + " WITH ("
                                + options()
                                + ", 'lookup.async' = '"
                                + async
                                + "', 'lookup.max-retries' = '20')",
                        "SELECT p.id, d.v FROM probe p JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                                + " ON d.k = p.k",
                        "mget");
        assertThat(result).hasSize(ROWS);
        result.forEach(r -> assertThat(r.getField(1)).isEqualTo("v" + r.getField(0)));
    }

    /**
     * HASH lookups follow ASK too: all columns by HGETALL (sync), a projection by HMGET (async).
     */
    @ParameterizedTest(name = "lookup.async = {0}, {1}")
    @CsvSource({"false, hgetall", "true, hmget"})
    void hashLookupsWhileTheSlotMovesReturnEveryValue(boolean async, String command)
            throws Exception {
        try (RedisClusterClient client = cluster.newClusterClient()) {
            for (int id = 0; id < ROWS; id++) {
                client.hset(key(id), Map.of("v", "v" + id, "w", "w" + id));
            }
        }
        boolean projected = command.equals("hmget");
        List<Row> result =
                lookUpWhileTheSlotMoves(
                        "CREATE TABLE dim (k STRING, v STRING, w STRING,"
                                + " PRIMARY KEY (k) NOT ENFORCED) WITH ("
                                + options()
                                + ", 'data-type' = 'HASH', 'lookup.async' = '"
                                + async
                                + "', 'lookup.max-retries' = '20')",
                        "SELECT p.id, d.v"
                                + (projected ? "" : ", d.w")
                                + " FROM probe p JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                                + " ON d.k = p.k",
                        command);
        assertThat(result).hasSize(ROWS);
        for (Row r : result) {
            assertThat(r.getField(1)).isEqualTo("v" + r.getField(0));
            if (!projected) {
                assertThat(r.getField(2)).isEqualTo("w" + r.getField(0));
            }
        }
    }

    /**
     * Runs {@code query} against the table {@code dimDdl} while the slot moves: the first phase
     * waits for the source to see {@code firstCommand}, then every key moves (ASK), then the slot
     * (MOVED). Returns the job's rows; throws if the job failed.
     */
    private List<Row> lookUpWhileTheSlotMoves(String dimDdl, String query, String firstCommand)
            throws Exception {
        RedisServer source = cluster.masters().get(0);
        source.resetStats();
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                dimDdl
                        + ";"
                        + generator("probe", ", k AS " + keyExpression() + ", proc AS PROCTIME()"));
        // planned here (the planner keeps per-thread state), drained on another thread
        CloseableIterator<Row> results = sql.tableEnv().executeSql(query).collect();
        CompletableFuture<List<Row>> rows =
                CompletableFuture.supplyAsync(
                        () -> {
                            List<Row> all = new ArrayList<>();
                            results.forEachRemaining(all::add);
                            return all;
                        });
        BooleanSupplier running =
                () -> {
                    if (rows.isCompletedExceptionally()) {
                        rows.join(); // the job's failure, not a missed phase
                    }
                    return !rows.isDone();
                };

        Poll.untilWhileRunning(
                "the job's first " + firstCommand + " on " + source,
                PHASE_TIMEOUT,
                running,
                () -> source.commandCalls(firstCommand) > 0);
        moveEveryKeyButKeepTheSlot();
        Poll.untilWhileRunning(
                "the job to follow an ASK",
                PHASE_TIMEOUT,
                running,
                () -> migration.target().commandCalls("asking") > 0);
        migration.finish(MIGRATE_BATCH);
        Poll.untilWhileRunning(
                "the job to be sent MOVED",
                PHASE_TIMEOUT,
                running,
                () -> source.errorReplies("MOVED") > 0);
        return rows.get(2, TimeUnit.MINUTES);
    }

    /** IMPORTING/MIGRATING, then every key to the target: the source answers ASK for all. */
    private void moveEveryKeyButKeepTheSlot() {
        int slot = JedisClusterCRC16.getSlot(tag);
        migration = cluster.startMigration(slot, cluster.masters().get(1));
        while (migration.moveKeys(MIGRATE_BATCH) > 0) {
            // keys the job writes meanwhile land on the target (ASK), none stays behind
        }
    }

    private long keysInSlot(RedisServer master) {
        try (var jedis = master.newJedis()) {
            return jedis.clusterCountKeysInSlot(JedisClusterCRC16.getSlot(tag));
        }
    }
}
