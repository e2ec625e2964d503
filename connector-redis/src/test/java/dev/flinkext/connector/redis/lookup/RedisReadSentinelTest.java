package dev.flinkext.connector.redis.lookup;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.redis.RedisSentinelExtension;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lookups (sync, async, FULL) and scans through {@code 'mode' = 'sentinel'}: the master is found
 * through the sentinel, and database 2 is read.
 */
class RedisReadSentinelTest {

    @RegisterExtension
    static final RedisSentinelExtension SENTINEL = RedisSentinelExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final int KEYS = 50;

    @BeforeEach
    void fill() {
        SENTINEL.server().master().flushAll();
        try (Jedis jedis = SENTINEL.server().master().newJedis()) {
            jedis.select(2);
            for (int i = 1; i <= KEYS; i++) {
                jedis.set("s:" + i, "v" + i);
                jedis.hset("h:" + i, Map.of("name", "n" + i, "score", Integer.toString(i)));
            }
            jedis.select(0);
            jedis.set("s:1", "database 0 must not be read");
        }
    }

    private static String sentinel() {
        return "'connector' = 'redis', 'mode' = 'sentinel', 'sentinel.master' = '"
                + SENTINEL.server().masterName()
                + "', 'sentinel.nodes' = '"
                + String.join(";", SENTINEL.server().sentinels())
                + "', 'database' = '2'";
    }

    private static final String PROBE =
            "CREATE TEMPORARY TABLE probe (id BIGINT, proc AS PROCTIME()) WITH ("
                    + "'connector' = 'datagen', 'fields.id.kind' = 'sequence',"
                    + " 'fields.id.start' = '1', 'fields.id.end' = '"
                    + (KEYS + 2)
                    + "');";

    private static List<String> sorted(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted().toList();
    }

    @Test
    void lookupsSyncAsyncAndFull() {
        for (String options :
                List.of(
                        "'lookup.async' = 'false'",
                        "'lookup.async' = 'true', 'lookup.batch.max-size' = '16'",
                        "'lookup.cache' = 'FULL',"
                                + " 'lookup.full-cache.periodic-reload.interval' = '1 h'")) {
            FlinkSql sql = FlinkSql.streaming();
            sql.executeScript(
                    "CREATE TABLE sdim (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                            + sentinel()
                            + ", 'key-prefix' = 's:', "
                            + options
                            + ");"
                            + "CREATE TABLE hdim (id BIGINT, name STRING, score INT,"
                            + " PRIMARY KEY (id) NOT ENFORCED) WITH ("
                            + sentinel()
                            + ", 'data-type' = 'HASH', 'key-prefix' = 'h:', "
                            + options
                            + ");"
                            + PROBE);
            List<String> rows =
                    sorted(
                            sql.collect(
                                    "SELECT p.id, s.v, h.name, h.score FROM probe p"
                                            + " LEFT JOIN sdim FOR SYSTEM_TIME AS OF p.proc AS s"
                                            + " ON s.id = p.id"
                                            + " LEFT JOIN hdim FOR SYSTEM_TIME AS OF p.proc AS h"
                                            + " ON h.id = p.id"));
            assertThat(rows)
                    .as(options)
                    .hasSize(KEYS + 2)
                    .contains(
                            "+I[1, v1, n1, 1]",
                            "+I[50, v50, n50, 50]",
                            "+I[51, null, null, null]",
                            "+I[52, null, null, null]");
        }
    }

    @Test
    void scansOfStringAndHashTables() {
        FlinkSql sql = FlinkSql.batch();
        sql.executeScript(
                "CREATE TABLE s (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                        + sentinel()
                        + ", 'key-prefix' = 's:', 'scan.count' = '7');"
                        + "CREATE TABLE h (id BIGINT, name STRING, score INT,"
                        + " PRIMARY KEY (id) NOT ENFORCED) WITH ("
                        + sentinel()
                        + ", 'data-type' = 'HASH', 'key-prefix' = 'h:');");

        assertThat(sorted(sql.collect("SELECT * FROM s")))
                .hasSize(KEYS)
                .contains("+I[1, v1]", "+I[50, v50]");
        assertThat(sorted(sql.collect("SELECT * FROM h")))
                .hasSize(KEYS)
                .contains("+I[1, n1, 1]", "+I[50, n50, 50]");
        assertThat(sorted(sql.collect("SELECT score, id FROM h WHERE score > 48")))
                .containsExactly("+I[49, 49]", "+I[50, 50]");
    }
}
