package dev.flinkext.testing.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("deprecation") // JedisCluster: what the connectors use
class RedisClusterExtensionSystemTest {

    @RegisterExtension static final RedisClusterExtension CLUSTER = RedisClusterExtension.system();

    @Test
    void roundTripsOnEveryMasterOfDebiansRedis70() {
        RedisCluster cluster = CLUSTER.server();
        assertThat(cluster.version()).startsWith("7.0.");
        try (JedisCluster jedis = cluster.newJedisCluster()) {
            for (int i = 0; i < 60; i++) {
                jedis.set("key:" + i, Integer.toString(i));
            }
            for (int i = 0; i < 60; i++) {
                assertThat(jedis.get("key:" + i)).isEqualTo(Integer.toString(i));
            }
        }
        for (RedisServer master : cluster.masters()) {
            try (Jedis jedis = master.newJedis()) {
                assertThat(jedis.dbSize()).as("keys on %s", master.address()).isPositive();
            }
        }
    }

    @Test
    void closeStopsEveryNode() throws Exception {
        long started = System.nanoTime();
        RedisCluster cluster = RedisClusterExtension.system().startUnmanaged();
        System.out.printf(
                "system %s formed in %d ms%n", cluster, (System.nanoTime() - started) / 1_000_000);
        List<Long> pids = cluster.pids();

        cluster.close();

        assertThat(pids)
                .allMatch(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    }
}
