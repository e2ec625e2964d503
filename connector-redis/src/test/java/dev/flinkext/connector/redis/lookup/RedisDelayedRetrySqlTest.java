package dev.flinkext.connector.redis.lookup;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.collect.CollectedRows;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code lookup.delayed-retry.*} on a real Redis: stream rows whose dimension row is written after
 * they reach the join are joined once it is there; rows whose dimension never comes are answered
 * with no row after the last re-read; and the on-time rows flow past the waiting ones.
 */
class RedisDelayedRetrySqlTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final int ROWS = 200;
    // ids 10..19 find their dimension row only once the test writes it; ids 30..34 never do
    private static final int LATE_FROM = 10;
    private static final int LATE_TO = 19;
    private static final int NEVER_FROM = 30;
    private static final int NEVER_TO = 34;

    private static boolean late(long id) {
        return id >= LATE_FROM && id <= LATE_TO;
    }

    private static boolean never(long id) {
        return id >= NEVER_FROM && id <= NEVER_TO;
    }

    private static FlinkSql sql(String retryOptions, String sink) {
        FlinkSql sql =
                FlinkSql.streaming()
                        .parallelism(1)
                        .set("table.exec.async-lookup.output-mode", "ALLOW_UNORDERED");
        sql.executeScript(
                "CREATE TEMPORARY TABLE probe (id BIGINT, k AS CONCAT('k', CAST(id AS STRING)),"
                        + " proc AS PROCTIME()) WITH ('connector' = 'datagen', 'fields.id.kind' ="
                        + " 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '"
                        + ROWS
                        + "');"
                        + "CREATE TEMPORARY TABLE dim (k STRING, v STRING, PRIMARY KEY (k) NOT"
                        + " ENFORCED) WITH ('connector' = 'redis', 'host' = '"
                        + REDIS.server().host()
                        + "', 'port' = '"
                        + REDIS.server().port()
                        + "', 'key-prefix' = 'd:'"
                        + retryOptions
                        + ");"
                        + "CREATE TEMPORARY TABLE out_rows (id BIGINT, v STRING) WITH ('connector'"
                        + " = 'collecting', 'name' = '"
                        + sink
                        + "');");
        return sql;
    }

    private static final String INSERT =
            "INSERT INTO out_rows SELECT p.id, d.v FROM probe p LEFT JOIN dim FOR SYSTEM_TIME AS"
                    + " OF p.proc AS d ON d.k = p.k";

    @Test
    void lateDimensionRowsAreJoinedWhileOnTimeRowsFlowPastThem() throws Exception {
        REDIS.server().flushAll();
        int onTime = ROWS - (LATE_TO - LATE_FROM + 1) - (NEVER_TO - NEVER_FROM + 1);
        try (Jedis jedis = REDIS.server().newJedis()) {
            for (long id = 1; id <= ROWS; id++) {
                if (!late(id) && !never(id)) {
                    jedis.set("d:k" + id, "v" + id);
                }
            }
        }
        String sink = "delayed-retry";
        CollectedRows.clear(sink);
        // 40 re-reads 250 ms apart: a late key waits up to 10 s
        TableResult job =
                sql(
                                ", 'lookup.async' = 'true', 'lookup.delayed-retry.max-attempts' = '40',"
                                        + " 'lookup.delayed-retry.interval' = '250 ms'",
                                sink)
                        .tableEnv()
                        .executeSql(INSERT);
        // the late dimension rows are written only once every on-time row has been joined: the
        // waiting rows blocked nothing
        CompletableFuture<Integer> writtenAfter =
                CompletableFuture.supplyAsync(
                        () -> {
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                            while (CollectedRows.of(sink).size() < onTime) {
                                if (System.nanoTime() > deadline) {
                                    return -1;
                                }
                                sleep(Duration.ofMillis(20));
                            }
                            int joinedBefore = CollectedRows.of(sink).size();
                            try (Jedis jedis = REDIS.server().newJedis()) {
                                for (long id = LATE_FROM; id <= LATE_TO; id++) {
                                    jedis.set("d:k" + id, "v" + id);
                                }
                            }
                            return joinedBefore;
                        });
        job.await(2, TimeUnit.MINUTES);
        assertThat(writtenAfter.get(1, TimeUnit.MINUTES))
                .as("rows out before the late dimension rows were written")
                .isEqualTo(onTime);

        List<Row> rows = CollectedRows.of(sink);
        Map<Long, String> byId = new HashMap<>();
        for (Row row : rows) {
            assertThat(byId.put((Long) row.getField(0), (String) row.getField(1)))
                    .as("row %s once", row)
                    .isNull();
        }
        assertThat(byId).hasSize(ROWS);
        for (long id = 1; id <= ROWS; id++) {
            assertThat(byId.get(id)).as("id %d", id).isEqualTo(never(id) ? null : "v" + id);
        }
        // the on-time rows came out before any late or never-joined one
        List<Long> order = new ArrayList<>();
        rows.forEach(r -> order.add((Long) r.getField(0)));
        assertThat(order.subList(0, onTime)).noneMatch(id -> late(id) || never(id));
    }

    @Test
    void refusesWhatALookupSourceCannotHonour() {
        assertThatThrownBy(
                        () ->
                                sql(
                                                ", 'lookup.async' = 'true', 'lookup.delayed-retry.max-attempts' = '3',"
                                                        + " 'lookup.delayed-retry.final-miss' ="
                                                        + " 'drop'",
                                                "unused")
                                        .tableEnv()
                                        .explainSql(INSERT))
                .satisfies(e -> assertCause(e, "'lookup.delayed-retry.final-miss' = 'drop'"));
        // 20 x 10 s = 200 s do not fit under the default async timeout of 3 min
        assertThatThrownBy(
                        () ->
                                sql(
                                                ", 'lookup.async' = 'true', 'lookup.delayed-retry.max-attempts' = '20',"
                                                        + " 'lookup.delayed-retry.interval' ="
                                                        + " '10 s'",
                                                "unused")
                                        .tableEnv()
                                        .explainSql(INSERT))
                .satisfies(e -> assertCause(e, "table.exec.async-lookup.timeout"));
        // a sync lookup could only wait by blocking the task thread
        assertThatThrownBy(
                        () ->
                                sql(
                                                ", 'lookup.async' = 'false',"
                                                        + " 'lookup.delayed-retry.max-attempts' ="
                                                        + " '3'",
                                                "unused")
                                        .tableEnv()
                                        .explainSql(INSERT))
                .satisfies(e -> assertCause(e, "needs 'lookup.async' = 'true'"));
    }

    private static void assertCause(Throwable e, String message) {
        assertThat(ExceptionUtils.findThrowableWithMessage(e, message))
                .as("a cause saying %s in %s", message, e)
                .get()
                .isInstanceOf(ValidationException.class);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
