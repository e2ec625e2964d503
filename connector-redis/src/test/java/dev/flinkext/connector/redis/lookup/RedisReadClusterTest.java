package dev.flinkext.connector.redis.lookup;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.redis.RedisClusterExtension;
import dev.flinkext.testing.redis.RedisServer;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Lookups and scans on a 3-master Redis Cluster: every master is read. */
class RedisReadClusterTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final int KEYS = 300;

    @BeforeEach
    void fill() {
        CLUSTER.server().flushAll();
        try (RedisClusterClient client = CLUSTER.server().newClusterClient()) {
            for (int i = 0; i < KEYS; i++) {
                client.set("s:" + i, "v" + i);
                client.hset("h:" + i, Map.of("name", "n" + i, "n", Integer.toString(i)));
            }
        }
        for (RedisServer master : CLUSTER.server().masters()) {
            try (Jedis jedis = master.newJedis()) {
                assertThat(jedis.dbSize()).as("keys on " + master).isPositive();
                jedis.configResetStat();
            }
        }
    }

    private static String cluster() {
        return "'connector' = 'redis', 'mode' = 'cluster', 'nodes' = '"
                + CLUSTER.server().nodes().get(0)
                + "'";
    }

    private static String probe() {
        return "CREATE TEMPORARY TABLE probe (id BIGINT, proc AS PROCTIME()) WITH ("
                + "'connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' ="
                + " '0', 'fields.id.end' = '"
                + (KEYS - 1)
                + "');";
    }

    /**
     * Keys carry one hash tag per master, so a master's keys share one slot and each batch costs
     * that master exactly one MGET. 300 distinct keys in batches of 50 (a delay that never closes a
     * batch first) make exactly 6 MGETs per master; per-key reads would make 100.
     */
    @Test
    void asyncStringLookupsBatchPerNodeOnEveryMaster() {
        int batchSize = 50;
        List<RedisServer> masters = CLUSTER.server().masters();
        List<String> tags = masters.stream().map(CLUSTER.server()::hashTagOn).toList();
        try (RedisClusterClient client = CLUSTER.server().newClusterClient()) {
            for (int i = 0; i < KEYS; i++) {
                client.set("{" + tags.get(i % tags.size()) + "}:" + i, "v" + i);
            }
        }
        masters.forEach(RedisServer::resetStats);
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(
                "CREATE TABLE dim (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                        + cluster()
                        + ", 'lookup.async' = 'true', 'lookup.batch.max-size' = '"
                        + batchSize
                        + "', 'lookup.batch.max-delay' = '10 min');"
                        + "CREATE TEMPORARY TABLE probe (id BIGINT, k AS CONCAT('{', CASE"
                        + " MOD(id, 3) WHEN 0 THEN '"
                        + tags.get(0)
                        + "' WHEN 1 THEN '"
                        + tags.get(1)
                        + "' ELSE '"
                        + tags.get(2)
                        + "' END, '}:', CAST(id AS STRING)), proc AS PROCTIME()) WITH ("
                        + "'connector' = 'datagen', 'fields.id.kind' = 'sequence',"
                        + " 'fields.id.start' = '0', 'fields.id.end' = '"
                        + (KEYS - 1)
                        + "');");
        List<Row> rows =
                sql.collect(
                        "SELECT p.id, d.v FROM probe p JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                                + " ON d.k = p.k");
        assertThat(rows).hasSize(KEYS);
        rows.forEach(r -> assertThat(r.getField(1)).isEqualTo("v" + r.getField(0)));
        for (RedisServer master : masters) {
            assertThat(master.commandCalls("mget"))
                    .as("MGETs on " + master + ": one per batch of " + batchSize)
                    .isEqualTo(KEYS / batchSize);
        }
    }

    @Test
    void syncHashLookupsOnEveryMaster() {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE dim (id BIGINT, name STRING, n INT, PRIMARY KEY (id) NOT ENFORCED)"
                        + " WITH ("
                        + cluster()
                        + ", 'data-type' = 'HASH', 'key-prefix' = 'h:');"
                        + probe());
        List<Row> rows =
                sql.collect(
                        "SELECT p.id, d.name, d.n FROM probe p JOIN dim FOR SYSTEM_TIME AS OF"
                                + " p.proc AS d ON d.id = p.id");
        assertThat(rows).hasSize(KEYS);
        rows.forEach(
                r -> assertThat(((Number) r.getField(2)).longValue()).isEqualTo(r.getField(0)));
        for (RedisServer master : CLUSTER.server().masters()) {
            assertThat(master.commandCalls("hgetall")).as("HGETALLs on " + master).isPositive();
        }
    }

    @Test
    void scanCoversEveryMaster() {
        FlinkSql sql = FlinkSql.batch();
        sql.executeScript(
                "CREATE TABLE s (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                        + cluster()
                        + ", 'key-prefix' = 's:', 'scan.count' = '20');"
                        + "CREATE TABLE h (id BIGINT, name STRING, n INT,"
                        + " PRIMARY KEY (id) NOT ENFORCED) WITH ("
                        + cluster()
                        + ", 'data-type' = 'HASH', 'key-prefix' = 'h:');");
        List<Row> strings = sql.collect("SELECT * FROM s");
        assertThat(strings).hasSize(KEYS);
        strings.forEach(r -> assertThat(r.getField(1)).isEqualTo("v" + r.getField(0)));
        assertThat(sql.collect("SELECT COUNT(*), SUM(n) FROM h"))
                .containsExactly(Row.of((long) KEYS, KEYS * (KEYS - 1) / 2));
        for (RedisServer master : CLUSTER.server().masters()) {
            assertThat(master.commandCalls("scan")).as("SCANs on " + master).isPositive();
        }
    }

    @Test
    void fullCacheLoadsFromEveryMaster() {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE dim (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                        + cluster()
                        + ", 'key-prefix' = 's:', 'lookup.cache' = 'FULL',"
                        + " 'lookup.full-cache.periodic-reload.interval' = '1 h');"
                        + probe());
        List<Row> rows =
                sql.collect(
                        "SELECT p.id, d.v FROM probe p JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                                + " ON d.id = p.id");
        assertThat(rows).hasSize(KEYS);
        for (RedisServer master : CLUSTER.server().masters()) {
            assertThat(master.commandCalls("scan")).as("SCANs on " + master).isPositive();
            assertThat(master.commandCalls("mget")).as("no lookups with FULL").isZero();
        }
    }
}
