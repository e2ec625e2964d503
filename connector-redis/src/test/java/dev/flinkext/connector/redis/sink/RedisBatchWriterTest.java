package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.sink.writer.WriteOutcome;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One attempt against a real server, and what it reports unconfirmed for sink-core to retry: writes
 * that stall (CLIENT PAUSE) past the socket timeout, and replies that stop arriving in the middle
 * of a pipeline.
 */
class RedisBatchWriterTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @Test
    void aTimedOutFlushIsRetriedAndConfirmed() throws Exception {
        REDIS.server().flushAll();
        RedisConnectionOptions options =
                RedisConnectionOptions.builder()
                        .standalone(REDIS.server().host(), REDIS.server().port())
                        .timeout(Duration.ofMillis(200))
                        .build();
        try (RedisBatchWriter writer =
                        new RedisBatchWriter(RedisClientProvider.create(options), "test", 1);
                Jedis admin = REDIS.server().newJedis()) {
            List<RedisCommand> commands = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                commands.add(RedisCommand.set(bytes("p:" + i), bytes("v" + i)));
            }
            admin.clientPause(60_000, redis.clients.jedis.args.ClientPauseMode.WRITE);
            WriteOutcome first = writer.write(commands).get();
            assertThat(first.unconfirmedPositions()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(first.cause())
                    .hasMessageContaining(REDIS.server().host() + ":" + REDIS.server().port());
            admin.clientUnpause();
            assertThat(writer.write(commands).get().isAllConfirmed()).isTrue();
        }
        try (Jedis jedis = REDIS.server().newJedis()) {
            for (int i = 0; i < 10; i++) {
                assertThat(jedis.get("p:" + i)).isEqualTo("v" + i);
            }
        }
    }

    /**
     * The network stalls after the replies of the first 20 commands of a pipeline arrived; the read
     * of the 21st times out. Those 20 are confirmed and must not be sent again (INCRBY would count
     * twice); only the two unconfirmed ones are retried.
     */
    @Test
    void repliesReadBeforeAReadTimeoutConfirmTheirCommands() throws Exception {
        REDIS.server().flushAll();
        // every reply is ":1\r\n" (4 bytes): the proxy lets exactly 20 of them through
        try (StallingProxy proxy =
                new StallingProxy(REDIS.server().host(), REDIS.server().port(), "stall:", 20 * 4)) {
            RedisConnectionOptions options =
                    RedisConnectionOptions.builder()
                            .standalone(proxy.host(), proxy.port())
                            .timeout(Duration.ofMillis(300))
                            .build();
            try (RedisBatchWriter writer =
                    new RedisBatchWriter(RedisClientProvider.create(options), "test", 1)) {
                List<RedisCommand> commands = new ArrayList<>();
                for (int i = 0; i < 22; i++) {
                    commands.add(RedisCommand.incrBy(bytes("stall:" + i), 1));
                }
                WriteOutcome first = writer.write(commands).get();
                assertThat(first.unconfirmedPositions()).containsExactly(20, 21);
                assertThat(writer.write(commands.subList(20, 22)).get().isAllConfirmed()).isTrue();
            }
        }
        try (Jedis jedis = REDIS.server().newJedis()) {
            for (int i = 0; i < 20; i++) {
                assertThat(jedis.get("stall:" + i)).as("confirmed stall:" + i).isEqualTo("1");
            }
            // applied by Redis, but the reply was lost: resent (at-least-once)
            assertThat(jedis.get("stall:20")).isEqualTo("2");
            assertThat(jedis.get("stall:21")).isEqualTo("2");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
