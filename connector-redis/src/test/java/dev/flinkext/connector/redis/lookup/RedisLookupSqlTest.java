package dev.flinkext.connector.redis.lookup;

import dev.flinkext.connector.redis.RedisSql;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lookup joins through SQL against a real Redis: data types, sync and async, every cache. */
class RedisLookupSqlTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private Jedis jedis;

    @BeforeEach
    void clean() {
        REDIS.server().flushAll();
        jedis = REDIS.server().newJedis();
    }

    @AfterEach
    void close() {
        jedis.close();
    }

    /** A bounded probe of ids 1..n with key column k = 'k' || MOD(id, modulo). */
    static String boundedProbe(int n, int modulo) {
        return "CREATE TEMPORARY TABLE probe (id BIGINT, k AS CONCAT('k', CAST(MOD(id, "
                + modulo
                + ") AS STRING)), proc AS PROCTIME()) WITH ('connector' = 'datagen',"
                + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '"
                + n
                + "');";
    }

    /** An endless, slow probe (20 rows/s) that always looks up key 'k0'. */
    static String slowProbe() {
        return "CREATE TEMPORARY TABLE probe (id BIGINT, k AS 'k0', proc AS PROCTIME()) WITH ("
                + "'connector' = 'datagen', 'rows-per-second' = '20', 'fields.id.kind' ="
                + " 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000000');";
    }

    private static List<String> sorted(List<Row> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.toString()));
        out.sort(null);
        return out;
    }

    private static final String JOIN =
            "SELECT p.id, d.* FROM probe p LEFT JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                    + " ON d.k = p.k";

    // ------------------------------------------------------------------ data types, sync + async

    /**
     * The server counts the MGETs: sync reads one key per probe row (6), async collects 3 distinct
     * keys per batch (max-size 3, a delay that never ends a batch first), so 6 rows make exactly 2.
     */
    @Test
    void stringValueColumnSyncAndAsync() {
        Map<String, Long> expectedMgets = Map.of("false", 6L, "true", 2L);
        for (String async : List.of("false", "true")) {
            REDIS.server().flushAll();
            FlinkSql sql = FlinkSql.streaming().parallelism(1);
            sql.executeScript(
                    "CREATE TABLE dim (k STRING, v INT, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                            + RedisSql.connection(REDIS.server())
                            + ", 'key-prefix' = 'd:', 'lookup.async' = '"
                            + async
                            + "', 'lookup.batch.max-size' = '3',"
                            + " 'lookup.batch.max-delay' = '10 min');"
                            + "INSERT INTO dim VALUES ('k1', 10), ('k2', 20)"
                            + FlinkVersion.onConflictDeduplicate()
                            + ";"
                            + boundedProbe(6, 3));
            REDIS.server().resetStats();
            assertThat(sorted(sql.collect(JOIN)))
                    .as("async = " + async)
                    .containsExactly(
                            "+I[1, k1, 10]",
                            "+I[2, k2, 20]",
                            "+I[3, null, null]",
                            "+I[4, k1, 10]",
                            "+I[5, k2, 20]",
                            "+I[6, null, null]");
            assertThat(REDIS.server().commandCalls("mget"))
                    .as("MGETs with async = " + async)
                    .isEqualTo(expectedMgets.get(async));
        }
    }

    @Test
    void stringJsonValueFormat() {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE dim (k STRING, n INT, ok BOOLEAN, ts TIMESTAMP(3),"
                        + " PRIMARY KEY (k) NOT ENFORCED) WITH ("
                        + RedisSql.connection(REDIS.server())
                        + ", 'value.format' = 'json', 'value.fields-include' = 'EXCEPT_KEY',"
                        + " 'lookup.async' = 'true');"
                        + "INSERT INTO dim VALUES ('k1', 1, true, TIMESTAMP '2024-01-31"
                        + " 12:30:05.123'), ('k2', CAST(NULL AS INT), false, CAST(NULL AS"
                        + " TIMESTAMP(3)))"
                        + FlinkVersion.onConflictDeduplicate()
                        + ";"
                        + boundedProbe(3, 3));
        assertThat(jedis.get("k1")).contains("\"n\":1");
        assertThat(sorted(sql.collect(JOIN)))
                .containsExactly(
                        "+I[1, k1, 1, true, 2024-01-31T12:30:05.123]",
                        "+I[2, k2, null, false, null]",
                        "+I[3, null, null, null, null]");
    }

    @Test
    void hashOneFieldPerColumnSyncAndAsync() {
        for (String async : List.of("false", "true")) {
            REDIS.server().flushAll();
            FlinkSql sql = FlinkSql.streaming();
            sql.executeScript(
                    "CREATE TABLE dim (k STRING, name STRING, score DOUBLE,"
                            + " PRIMARY KEY (k) NOT ENFORCED) WITH ("
                            + RedisSql.connection(REDIS.server())
                            + ", 'data-type' = 'HASH', 'lookup.async' = '"
                            + async
                            + "');"
                            + "INSERT INTO dim VALUES ('k1', 'ann', 1.5), ('k2', 'bob',"
                            + " CAST(NULL AS DOUBLE))"
                            + FlinkVersion.onConflictDeduplicate()
                            + ";"
                            + boundedProbe(3, 3));
            assertThat(sorted(sql.collect(JOIN)))
                    .as("async = " + async)
                    .containsExactly(
                            "+I[1, k1, ann, 1.5]",
                            "+I[2, k2, bob, null]",
                            "+I[3, null, null, null]");
        }
    }

    /**
     * Async reads (HGETALL / HGET) and the FULL cache (SCAN, deduplicated by Redis key and field,
     * so the fields of one hash stay separate rows) answer alike.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "'lookup.async' = 'true'",
                "'lookup.cache' = 'FULL', 'lookup.full-cache.periodic-reload.interval' = '1 h'"
            })
    void hashFieldColumnByKeyAndByKeyAndField(String lookupOptions) {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE dim (k STRING, cur STRING, price DECIMAL(10, 2),"
                        + " PRIMARY KEY (k, cur) NOT ENFORCED) WITH ("
                        + RedisSql.connection(REDIS.server())
                        + ", 'data-type' = 'HASH', 'key.fields' = 'k', 'hash.field-column' ="
                        + " 'cur', 'key-prefix' = 'p:', "
                        + lookupOptions
                        + ");"
                        + "INSERT INTO dim VALUES ('k1', 'EUR', 1.50), ('k1', 'USD', 2.00),"
                        + " ('k2', 'EUR', 3.25)"
                        + FlinkVersion.onConflictDeduplicate()
                        + ";"
                        + boundedProbe(2, 3));
        assertThat(jedis.hgetAll("p:k1")).containsEntry("USD", "2.00");
        // by the key alone: HGETALL, one row per field
        assertThat(sorted(sql.collect(JOIN)))
                .containsExactly(
                        "+I[1, k1, EUR, 1.50]", "+I[1, k1, USD, 2.00]", "+I[2, k2, EUR, 3.25]");
        // by key and field: HGET
        assertThat(
                        sorted(
                                sql.collect(
                                        "SELECT p.id, d.price FROM probe p LEFT JOIN dim FOR"
                                                + " SYSTEM_TIME AS OF p.proc AS d ON d.k = p.k"
                                                + " AND d.cur = 'USD'")))
                .containsExactly("+I[1, 2.00]", "+I[2, null]");
    }

    // ------------------------------------------------------------------ partial cache

    private RunningQuery slowJoin(String options) {
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(
                "CREATE TABLE dim (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                        + RedisSql.connection(REDIS.server())
                        + options
                        + ");"
                        + slowProbe());
        return new RunningQuery(
                sql.tableEnv(),
                "SELECT p.id, d.v FROM probe p LEFT JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                        + " ON d.k = p.k");
    }

    private static Object value(Row row) {
        return row.getField(1);
    }

    @Test
    void partialCacheHitServesTheCachedValueAfterRedisChanged() throws Exception {
        jedis.set("k0", "old");
        try (RunningQuery rows =
                slowJoin(", 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '10'")) {
            assertThat(value(rows.next())).isEqualTo("old");
            jedis.set("k0", "new");
            long changedAt = (Long) rows.next().getField(0);
            // rows produced well after the change still come from the cache (no expiry set)
            for (int i = 0; i < 30; i++) {
                Row row = rows.next();
                assertThat(value(row))
                        .as("row " + row + " after change at " + changedAt)
                        .isEqualTo("old");
            }
        }
    }

    @Test
    void partialCacheMissIsALeftJoinNull() throws Exception {
        try (RunningQuery rows =
                slowJoin(", 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '10'")) {
            assertThat(value(rows.next())).isNull();
            assertThat(value(rows.next())).isNull();
        }
    }

    @Test
    void partialCacheExpiryShowsTheNewValue() throws Exception {
        jedis.set("k0", "old");
        try (RunningQuery rows =
                slowJoin(
                        ", 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '10',"
                                + " 'lookup.partial-cache.expire-after-write' = '500 ms'")) {
            assertThat(value(rows.next())).isEqualTo("old");
            jedis.set("k0", "new");
            rows.until(r -> "new".equals(value(r)), 2000);
        }
    }

    @Test
    void missingKeyTtlLetsALaterKeyBeSeen() throws Exception {
        try (RunningQuery rows =
                slowJoin(
                        ", 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '10',"
                                + " 'lookup.partial-cache.expire-after-write' = '1 h',"
                                + " 'lookup.partial-cache.missing-key-ttl' = '500 ms'")) {
            assertThat(value(rows.next())).isNull();
            jedis.set("k0", "arrived");
            rows.until(r -> "arrived".equals(value(r)), 2000);
        }
    }

    @Test
    void refreshAheadServesStaleThenNew() throws Exception {
        jedis.set("k0", "old");
        try (RunningQuery rows =
                slowJoin(
                        ", 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '10',"
                                + " 'lookup.partial-cache.expire-after-write' = '1 h',"
                                + " 'lookup.partial-cache.refresh-after-write' = '300 ms',"
                                + " 'lookup.async' = 'true'")) {
            assertThat(value(rows.next())).isEqualTo("old");
            jedis.set("k0", "new");
            // only refresh-ahead can bring the new value: the entry expires after an hour
            Row fresh = rows.until(r -> "new".equals(value(r)), 2000);
            assertThat(value(rows.next())).isEqualTo("new");
            assertThat(fresh).isNotNull();
        }
    }

    // ------------------------------------------------------------------ full cache

    @Test
    void fullCacheReloadSeesNewData() throws Exception {
        jedis.set("k0", "old");
        try (RunningQuery rows =
                slowJoin(
                        ", 'lookup.cache' = 'FULL', 'scan.count' = '2',"
                                + " 'lookup.full-cache.periodic-reload.interval' = '300 ms'")) {
            assertThat(value(rows.next())).isEqualTo("old");
            jedis.set("k0", "new");
            rows.until(r -> "new".equals(value(r)), 2000);
        }
    }

    @Test
    void fullCacheReloadFailureKeepsServingTheOldCopy() throws Exception {
        RedisServer doomed = REDIS.startUnmanaged();
        try {
            try (Jedis j = doomed.newJedis()) {
                j.set("k0", "loaded");
                for (int i = 0; i < 50; i++) {
                    j.set("other" + i, "x");
                }
            }
            FlinkSql sql = FlinkSql.streaming().parallelism(1);
            sql.executeScript(
                    "CREATE TABLE dim (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                            + RedisSql.connection(doomed)
                            + ", 'lookup.cache' = 'FULL', 'scan.count' = '5',"
                            + " 'lookup.full-cache.periodic-reload.interval' = '100 ms');"
                            + slowProbe());
            try (RunningQuery rows =
                    new RunningQuery(
                            sql.tableEnv(),
                            "SELECT p.id, d.v FROM probe p LEFT JOIN dim FOR SYSTEM_TIME AS OF"
                                    + " p.proc AS d ON d.k = p.k")) {
                assertThat(value(rows.next())).isEqualTo("loaded");
                doomed.close(); // every reload from now on fails to connect
                for (int i = 0; i < 40; i++) { // ~2 s at 20 rows/s: many failed reloads
                    assertThat(value(rows.next())).isEqualTo("loaded");
                }
            }
        } finally {
            doomed.close();
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void wrongTypeDuringLookupNamesTheKey() {
        jedis.set("h:k1", "a string, not a hash");
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE dim (k STRING, a STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                        + RedisSql.connection(REDIS.server())
                        + ", 'data-type' = 'HASH', 'key-prefix' = 'h:', 'lookup.max-retries' ="
                        + " '0');"
                        + boundedProbe(1, 3));
        assertThatThrownBy(() -> sql.collect(JOIN))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("WRONGTYPE")
                                        .contains("key 'h:k1'")
                                        .contains(
                                                REDIS.server().host()
                                                        + ":"
                                                        + REDIS.server().port()));
        assertThat(Objects.requireNonNull(jedis.get("h:k1"))).isNotEmpty();
    }
}
