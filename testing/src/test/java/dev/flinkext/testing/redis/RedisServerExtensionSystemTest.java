package dev.flinkext.testing.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedisServerExtensionSystemTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.system();

    @Test
    void roundTripsStringsAndHashes() {
        try (Jedis jedis = REDIS.server().newJedis()) {
            jedis.set("greeting", "hello");
            jedis.hset("user:1", Map.of("name", "Ada", "lang", "en"));

            assertThat(jedis.get("greeting")).isEqualTo("hello");
            assertThat(jedis.hgetAll("user:1"))
                    .containsOnly(Map.entry("name", "Ada"), Map.entry("lang", "en"));
        }
    }

    @Test
    void runsDebiansRedis70() {
        assertThat(REDIS.server().version()).startsWith("7.0.");
    }

    @Test
    void closeStopsTheServerProcess() throws Exception {
        long started = System.nanoTime();
        RedisServer server = RedisServerExtension.system().startUnmanaged();
        System.out.printf(
                "system %s started in %d ms%n", server, (System.nanoTime() - started) / 1_000_000);
        long pid = server.pid();

        server.close();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }
}
