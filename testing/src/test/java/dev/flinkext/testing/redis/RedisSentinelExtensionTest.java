package dev.flinkext.testing.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("deprecation") // JedisSentinelPool: what the connectors use
class RedisSentinelExtensionTest {

    @RegisterExtension
    static final RedisSentinelExtension SENTINEL = RedisSentinelExtension.embedded();

    @Test
    void roundTripsThroughTheMasterTheSentinelNames() {
        RedisSentinel sentinel = SENTINEL.server();
        try (JedisSentinelPool pool = sentinel.newSentinelPool();
                Jedis jedis = pool.getResource()) {
            assertThat(pool.getCurrentHostMaster())
                    .isEqualTo(new HostAndPort("127.0.0.1", sentinel.master().port()));

            jedis.set("greeting", "hello");
            jedis.hset("user:1", Map.of("name", "Ada"));

            assertThat(jedis.get("greeting")).isEqualTo("hello");
            assertThat(jedis.hgetAll("user:1")).containsOnly(Map.entry("name", "Ada"));
        }
        try (Jedis direct = sentinel.master().newJedis()) {
            assertThat(direct.get("greeting")).isEqualTo("hello");
        }
    }

    @Test
    void describesMasterAndSentinel() {
        RedisSentinel sentinel = SENTINEL.server();

        assertThat(sentinel.masterName()).isEqualTo("mymaster");
        assertThat(sentinel.sentinels()).singleElement().asString().startsWith("127.0.0.1:");
        assertThat(sentinel.version()).startsWith("6.2.");
        try (Jedis jedis = sentinel.newSentinelJedis()) {
            assertThat(jedis.sentinelGetMasterAddrByName("mymaster"))
                    .containsExactly("127.0.0.1", Integer.toString(sentinel.master().port()));
        }
    }

    @Test
    void closeStopsMasterAndSentinel() throws Exception {
        long started = System.nanoTime();
        RedisSentinel sentinel = RedisSentinelExtension.system().startUnmanaged();
        System.out.printf(
                "system %s ready in %d ms%n", sentinel, (System.nanoTime() - started) / 1_000_000);
        assertThat(sentinel.version()).startsWith("7.0.");
        List<Long> pids = sentinel.pids();

        sentinel.close();

        assertThat(pids)
                .allMatch(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    }
}
