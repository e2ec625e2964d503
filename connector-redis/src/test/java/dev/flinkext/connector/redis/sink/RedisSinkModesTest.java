package dev.flinkext.connector.redis.sink;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.redis.RedisClusterExtension;
import dev.flinkext.testing.redis.RedisSentinelExtension;
import dev.flinkext.testing.redis.RedisServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink in cluster mode (keys spread over all masters) and in sentinel mode. */
class RedisSinkModesTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.embedded();

    @RegisterExtension
    static final RedisSentinelExtension SENTINEL = RedisSentinelExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final int ROWS = 300;

    private static String values() {
        return IntStream.range(0, ROWS)
                .mapToObj(i -> "(" + i + ", 'v" + i + "')")
                .collect(Collectors.joining(", "));
    }

    @Test
    void clusterWritesEveryKeyToItsMaster() {
        CLUSTER.server().flushAll();
        String seed = CLUSTER.server().nodes().get(1);
        FlinkSql.streaming()
                .executeScript(
                        "CREATE TABLE t (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                                + "'connector' = 'redis', 'mode' = 'cluster', 'nodes' = '"
                                + seed
                                + "', 'data-type' = 'HASH', 'key-prefix' = 'c:',"
                                + " 'sink.buffer-flush.max-rows' = '64', 'sink.ttl' = '1 h');"
                                + "INSERT INTO t VALUES "
                                + values()
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        long total = 0;
        for (RedisServer master : CLUSTER.server().masters()) {
            try (Jedis jedis = master.newJedis()) {
                long keys = jedis.dbSize();
                assertThat(keys).as("keys on " + master).isPositive();
                total += keys;
            }
        }
        assertThat(total).isEqualTo(ROWS);
        try (RedisClusterClient client = CLUSTER.server().newClusterClient()) {
            for (int i = 0; i < ROWS; i++) {
                assertThat(client.hget("c:" + i, "v")).isEqualTo("v" + i);
                assertThat(client.pttl("c:" + i)).isPositive();
            }
        }
    }

    @Test
    void clusterCountersFromARetractingAggregate() {
        CLUSTER.server().flushAll();
        FlinkSql.streaming()
                .executeScript(
                        "CREATE TABLE t (k STRING, c BIGINT) WITH ('connector' = 'redis',"
                                + " 'mode' = 'cluster', 'nodes' = '"
                                + String.join(";", CLUSTER.server().nodes())
                                + "', 'data-type' = 'COUNTER', 'key.fields' = 'k');"
                                + "INSERT INTO t SELECT CAST(MOD(id, 20) AS STRING), COUNT(*)"
                                + " FROM (VALUES "
                                + values()
                                + ") AS s(id, v) GROUP BY MOD(id, 20);");
        try (RedisClusterClient client = CLUSTER.server().newClusterClient()) {
            for (int k = 0; k < 20; k++) {
                assertThat(client.get(Integer.toString(k))).isEqualTo("" + ROWS / 20);
            }
        }
    }

    @Test
    void sentinelWritesToTheMaster() {
        SENTINEL.server().master().flushAll();
        FlinkSql.streaming()
                .executeScript(
                        "CREATE TABLE t (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                                + "'connector' = 'redis', 'mode' = 'sentinel',"
                                + " 'sentinel.master' = '"
                                + SENTINEL.server().masterName()
                                + "', 'sentinel.nodes' = '"
                                + String.join(";", SENTINEL.server().sentinels())
                                + "', 'database' = '2');"
                                + "INSERT INTO t VALUES "
                                + values()
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        try (Jedis jedis = SENTINEL.server().master().newJedis()) {
            jedis.select(2);
            assertThat(jedis.dbSize()).isEqualTo(ROWS);
            assertThat(jedis.get("7")).isEqualTo("v7");
        }
    }
}
