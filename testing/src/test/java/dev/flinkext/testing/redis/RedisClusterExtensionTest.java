package dev.flinkext.testing.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("deprecation") // JedisCluster: what the connectors use
class RedisClusterExtensionTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.embedded();

    @Test
    void keysSpreadOverAllThreeMasters() {
        RedisCluster cluster = CLUSTER.server();
        cluster.flushAll();
        try (JedisCluster jedis = cluster.newJedisCluster()) {
            for (int i = 0; i < 100; i++) {
                jedis.set("key:" + i, "value-" + i);
            }
            jedis.hset("hash:1", Map.of("a", "1", "b", "2"));

            for (int i = 0; i < 100; i++) {
                assertThat(jedis.get("key:" + i)).isEqualTo("value-" + i);
            }
            assertThat(jedis.hgetAll("hash:1"))
                    .containsOnly(Map.entry("a", "1"), Map.entry("b", "2"));
        }
        long total = 0;
        for (RedisServer master : cluster.masters()) {
            try (Jedis jedis = master.newJedis()) {
                long keys = jedis.dbSize();
                assertThat(keys).as("keys on %s", master.address()).isPositive();
                total += keys;
            }
        }
        assertThat(total).isEqualTo(101);
    }

    @Test
    void hasThreeMastersRunningEmbeddedRedis62() {
        RedisCluster cluster = CLUSTER.server();

        assertThat(cluster.nodes()).hasSize(3).allMatch(n -> n.startsWith("127.0.0.1:"));
        assertThat(cluster.version()).startsWith("6.2.");
        assertThat(cluster.pids()).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void flushAllEmptiesEveryMaster() {
        RedisCluster cluster = CLUSTER.server();
        try (JedisCluster jedis = cluster.newJedisCluster()) {
            for (int i = 0; i < 30; i++) {
                jedis.set("doomed:" + i, "x");
            }
        }

        cluster.flushAll();

        for (RedisServer master : cluster.masters()) {
            try (Jedis jedis = master.newJedis()) {
                assertThat(jedis.dbSize()).isZero();
            }
        }
    }

    @Test
    void theNewClusterClientWorksToo() {
        try (var client = CLUSTER.server().newClusterClient()) {
            client.set("modern", "yes");

            assertThat(client.get("modern")).isEqualTo("yes");
        }
    }

    @Test
    void closeStopsEveryNode() throws Exception {
        long started = System.nanoTime();
        RedisCluster cluster = RedisClusterExtension.embedded().startUnmanaged();
        System.out.printf(
                "embedded %s formed in %d ms%n",
                cluster, (System.nanoTime() - started) / 1_000_000);
        List<Long> pids = cluster.pids();

        cluster.close();

        assertThat(pids)
                .allMatch(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    }
}
