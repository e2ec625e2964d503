package dev.flinkext.testing.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedisServerExtensionTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @Test
    void roundTripsStringsAndHashes() {
        RedisServer server = REDIS.server();
        try (Jedis jedis = server.newJedis()) {
            jedis.set("greeting", "hello");
            jedis.hset("user:1", Map.of("name", "Ada", "lang", "en"));

            assertThat(jedis.get("greeting")).isEqualTo("hello");
            assertThat(jedis.hgetAll("user:1"))
                    .containsOnly(Map.entry("name", "Ada"), Map.entry("lang", "en"));
        }
    }

    @Test
    void runsTheEmbeddedRedis62OnLoopback() {
        RedisServer server = REDIS.server();

        assertThat(server.version()).startsWith("6.2.");
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.address()).isEqualTo("127.0.0.1:" + server.port());
        assertThat(server.password()).isEmpty();
    }

    @Test
    void flushAllEmptiesTheServer() {
        RedisServer server = REDIS.server();
        try (Jedis jedis = server.newJedis()) {
            jedis.set("doomed", "1");
            server.flushAll();

            assertThat(jedis.dbSize()).isZero();
        }
    }

    @Test
    void closeStopsTheServerProcess() throws Exception {
        RedisServerExtension other = RedisServerExtension.embedded();
        long started = System.nanoTime();
        RedisServer server = other.startUnmanaged();
        System.out.printf(
                "embedded %s started in %d ms%n",
                server, (System.nanoTime() - started) / 1_000_000);
        long pid = server.pid();
        assertThat(ProcessHandle.of(pid)).isPresent();

        server.close();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }
}
