package dev.flinkext.testing.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisServerPasswordTest {

    private static final String PASSWORD = "s3cr\"et \\ pass";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.embedded().password(PASSWORD);

    @Test
    void clientsFromTheHandleAuthenticate() {
        try (Jedis jedis = REDIS.server().newJedis()) {
            jedis.set("k", "v");

            assertThat(jedis.get("k")).isEqualTo("v");
        }
    }

    @Test
    void anonymousClientsAreRefused() {
        RedisServer server = REDIS.server();
        try (Jedis anonymous = new Jedis(server.host(), server.port())) {
            assertThatThrownBy(() -> anonymous.get("k"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("NOAUTH");
        }
    }

    @Test
    void thePasswordShowsNeitherInTheCommandLineNorInToString() {
        RedisServer server = REDIS.server();
        String commandLine =
                ProcessHandle.of(server.pid()).flatMap(p -> p.info().commandLine()).orElseThrow();

        assertThat(commandLine).doesNotContain("s3cr");
        assertThat(server.toString()).doesNotContain("s3cr");
        assertThat(server.password()).contains(PASSWORD);
    }
}
