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

    private static long calls(RedisServer master, String command) {
        try (Jedis jedis = master.newJedis()) {
            String stats = jedis.info("commandstats");
            for (String line : stats.split("\r?\n")) {
                if (line.startsWith("cmdstat_" + command + ":calls=")) {
                    return Long.parseLong(line.split("calls=")[1].split(",")[0]);
                }
            }
            return 0;
        }
    }

    private static String probe() {
        return "CREATE TEMPORARY TABLE probe (id BIGINT, proc AS PROCTIME()) WITH ("
                + "'connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' ="
                + " '0', 'fields.id.end' = '"
                + (KEYS - 1)
                + "');";
    }

    @Test
    void asyncStringLookupsBatchPerNodeOnEveryMaster() {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE dim (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                        + cluster()
                        + ", 'key-prefix' = 's:', 'lookup.async' = 'true',"
                        + " 'lookup.batch.max-size' = '50', 'lookup.batch.max-delay' = '20 ms');"
                        + probe());
        List<Row> rows =
                sql.collect(
                        "SELECT p.id, d.v FROM probe p JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                                + " ON d.id = p.id");
        assertThat(rows).hasSize(KEYS);
        rows.forEach(r -> assertThat(r.getField(1)).isEqualTo("v" + r.getField(0)));
        long total = 0;
        for (RedisServer master : CLUSTER.server().masters()) {
            long mgets = calls(master, "mget");
            assertThat(mgets).as("MGETs on " + master).isPositive();
            total += mgets;
        }
        assertThat(total)
                .as("one MGET per slot, never per key across nodes")
                .isLessThanOrEqualTo(KEYS);
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
            assertThat(calls(master, "hgetall")).as("HGETALLs on " + master).isPositive();
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
            assertThat(calls(master, "scan")).as("SCANs on " + master).isPositive();
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
            assertThat(calls(master, "scan")).as("SCANs on " + master).isPositive();
            assertThat(calls(master, "mget")).as("no lookups with FULL").isZero();
        }
    }
}
