package dev.flinkext.connector.redis;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.redis.RedisSentinel;
import dev.flinkext.testing.redis.RedisSentinelExtension;
import dev.flinkext.testing.redis.RedisServer;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An INSERT, a sync and an async lookup join run while the Sentinel's master is killed and its
 * replica promoted: each job is seen working on the old master before the kill and on the new one
 * after it. Every row must be in Redis, every lookup right, and no job may fail: the retries span
 * the failover (about 2 s here: down-after 1 s, then the election).
 */
class RedisSentinelFailoverTest {

    @RegisterExtension
    static final RedisSentinelExtension SENTINEL = RedisSentinelExtension.embedded().withReplica();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final int ROWS = 3000;
    private static final int ROWS_PER_SECOND = 300;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void writesAndLookupsSurviveAFailover() throws Exception {
        RedisSentinel sentinel = SENTINEL.server();
        RedisServer oldMaster = sentinel.master();
        try (Jedis jedis = oldMaster.newJedis()) {
            for (int id = 0; id < ROWS; id++) {
                jedis.set("l:" + id, "v" + id);
            }
            assertThat(jedis.waitReplicas(1, 10_000)).as("replicated before the jobs").isOne();
        }
        oldMaster.resetStats();

        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(
                "CREATE TABLE out_t (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                        + options()
                        + ", 'key-prefix' = 'w:', 'sink.buffer-flush.max-rows' = '20',"
                        + " 'sink.buffer-flush.interval' = '20 ms',"
                        + " 'sink.max-retries' = '10', 'sink.retry.backoff' = '50 ms');"
                        + "CREATE TABLE dim_sync (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED)"
                        + " WITH ("
                        + options()
                        + ", 'key-prefix' = 'l:', 'lookup.max-retries' = '60');"
                        + "CREATE TABLE dim_async (k STRING, v STRING, PRIMARY KEY (k) NOT"
                        + " ENFORCED) WITH ("
                        + options()
                        + ", 'key-prefix' = 'l:', 'lookup.async' = 'true',"
                        + " 'lookup.max-retries' = '60');"
                        + "CREATE TEMPORARY TABLE gen (id BIGINT, k AS CAST(id AS STRING),"
                        + " proc AS PROCTIME()) WITH ('connector' = 'datagen',"
                        + " 'rows-per-second' = '"
                        + ROWS_PER_SECOND
                        + "', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',"
                        + " 'fields.id.end' = '"
                        + (ROWS - 1)
                        + "');");
        JobClient insert =
                sql.startScript(
                                "INSERT INTO out_t SELECT k, CONCAT('v', k) FROM gen"
                                        + FlinkVersion.onConflictDeduplicate()
                                        + ";")
                        .get(0);
        CompletableFuture<List<Row>> syncRows = drain(sql, "dim_sync");
        CompletableFuture<List<Row>> asyncRows = drain(sql, "dim_async");
        BooleanSupplier running =
                () ->
                        !insert.getJobStatus().join().isGloballyTerminalState()
                                && stillRunning(syncRows)
                                && stillRunning(asyncRows);

        Poll.untilWhileRunning(
                "writes and lookups on the old master",
                PHASE_TIMEOUT,
                running,
                () -> working(oldMaster, 2));
        sentinel.killMaster();
        RedisServer newMaster = sentinel.awaitFailover();
        newMaster.resetStats(); // it counted the replicated SETs before
        Poll.untilWhileRunning(
                "writes and lookups on the new master",
                PHASE_TIMEOUT,
                running,
                () -> working(newMaster, 2));

        insert.getJobExecutionResult().get(2, TimeUnit.MINUTES); // throws if the job failed
        try (Jedis jedis = newMaster.newJedis()) {
            for (int id = 0; id < ROWS; id++) {
                assertThat(jedis.get("w:" + id)).as("w:" + id).isEqualTo("v" + id);
            }
        }
        for (Map.Entry<String, CompletableFuture<List<Row>>> lookups :
                Map.of("sync", syncRows, "async", asyncRows).entrySet()) {
            List<Row> rows = lookups.getValue().get(2, TimeUnit.MINUTES);
            assertThat(rows).as(lookups.getKey() + " lookups").hasSize(ROWS);
            rows.forEach(
                    r ->
                            assertThat(r.getField(1))
                                    .as(lookups.getKey() + " lookup of " + r.getField(0))
                                    .isEqualTo("v" + r.getField(0)));
        }
    }

    private static String options() {
        return "'connector' = 'redis', 'mode' = 'sentinel', 'sentinel.master' = '"
                + SENTINEL.server().masterName()
                + "', 'sentinel.nodes' = '"
                + String.join(";", SENTINEL.server().sentinels())
                + "'";
    }

    /**
     * SETs from the INSERT and at least {@code mgets} MGETs (two lookup jobs) on {@code master}.
     */
    private static boolean working(RedisServer master, int mgets) {
        return master.commandCalls("set") > 0 && master.commandCalls("mget") >= mgets;
    }

    /** Plans the lookup join here (the planner keeps per-thread state), drains it elsewhere. */
    private static CompletableFuture<List<Row>> drain(FlinkSql sql, String dim) {
        CloseableIterator<Row> results =
                sql.tableEnv()
                        .executeSql(
                                "SELECT g.id, d.v FROM gen g JOIN "
                                        + dim
                                        + " FOR SYSTEM_TIME AS OF g.proc AS d ON d.k = g.k")
                        .collect();
        return CompletableFuture.supplyAsync(
                () -> {
                    List<Row> all = new ArrayList<>();
                    results.forEachRemaining(all::add);
                    return all;
                });
    }

    private static boolean stillRunning(CompletableFuture<List<Row>> rows) {
        if (rows.isCompletedExceptionally()) {
            rows.join(); // the job's failure, not a missed phase
        }
        return !rows.isDone();
    }
}
