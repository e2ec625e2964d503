package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Retries against a real server whose writes stall (CLIENT PAUSE) past the socket timeout. */
class RedisBatchExecutorTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @Test
    void aTimedOutFlushIsRetriedAndConfirmed() throws Exception {
        REDIS.server().flushAll();
        RedisConnectionOptions options =
                RedisConnectionOptions.builder()
                        .standalone(REDIS.server().host(), REDIS.server().port())
                        .timeout(Duration.ofMillis(200))
                        .build();
        AtomicInteger retries = new AtomicInteger();
        try (RedisClientProvider provider = RedisClientProvider.create(options);
                Jedis admin = REDIS.server().newJedis()) {
            RedisBatchExecutor executor =
                    new RedisBatchExecutor(
                            provider,
                            3,
                            Duration.ZERO,
                            // the "backoff" ends the stall, so the retry must succeed
                            d -> admin.clientUnpause(),
                            (attempt, commands, cause) -> retries.incrementAndGet());
            List<RedisCommand> commands = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                commands.add(RedisCommand.set(bytes("p:" + i), bytes("v" + i)));
            }
            admin.clientPause(60_000, redis.clients.jedis.args.ClientPauseMode.WRITE);
            executor.execute(commands);
        }
        assertThat(retries.get()).isEqualTo(1);
        try (Jedis jedis = REDIS.server().newJedis()) {
            for (int i = 0; i < 10; i++) {
                assertThat(jedis.get("p:" + i)).isEqualTo("v" + i);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
