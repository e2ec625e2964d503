package dev.flinkext.connector.redis.client;

import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.testing.redis.RedisClusterExtension;
import dev.flinkext.testing.redis.RedisSentinelExtension;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider against real servers of each mode. */
class RedisClientProviderTest {

    private static final String SECRET = "s3cret-Pa55";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.embedded().password(SECRET);

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.embedded();

    @RegisterExtension
    static final RedisSentinelExtension SENTINEL = RedisSentinelExtension.embedded();

    private static RedisConnectionOptions standalone(String password) {
        RedisServer server = REDIS.server();
        return RedisConnectionOptions.builder()
                .standalone(server.host(), server.port())
                .password(password)
                .database(1)
                .build();
    }

    @Test
    void standalonePipelinesToItsServerAndDatabase() {
        try (RedisClientProvider provider = RedisClientProvider.create(standalone(SECRET))) {
            byte[] key = bytes("std:k");
            RedisAddress node = provider.nodeOf(key);
            assertThat(node.port()).isEqualTo(REDIS.server().port());
            try (Pipeline pipeline = provider.pipeline(node)) {
                Response<String> set = pipeline.set(key, bytes("v"));
                pipeline.sync();
                assertThat(set.get()).isEqualTo("OK");
            }
            assertThat(provider.client().get("std:k")).isEqualTo("v");
            assertThat(provider.masters()).containsExactly(node);
        }
        try (var jedis = REDIS.server().newJedis()) {
            jedis.select(1);
            assertThat(jedis.get("std:k")).isEqualTo("v");
        }
    }

    @Test
    void wrongPasswordFailsWithoutShowingIt() {
        String wrong = "wr0ng-Pa55";
        try (RedisClientProvider provider = RedisClientProvider.create(standalone(wrong))) {
            assertThat(provider.toString()).doesNotContain(wrong);
            assertThatThrownBy(() -> provider.pipeline(provider.nodeOf(bytes("x"))).close())
                    .satisfies(
                            e ->
                                    assertThat(ExceptionUtils.stringifyException(e))
                                            .contains(REDIS.server().address())
                                            .doesNotContain(wrong)
                                            .doesNotContain(SECRET));
        }
    }

    @Test
    void clusterSpreadsKeysOverEveryMasterAndPipelinesPerNode() {
        RedisConnectionOptions options =
                RedisConnectionOptions.builder()
                        .clusterNodes(
                                List.of(
                                        new RedisAddress(
                                                CLUSTER.server().masters().get(0).host(),
                                                CLUSTER.server().masters().get(0).port())))
                        .build();
        try (RedisClientProvider provider = RedisClientProvider.create(options)) {
            assertThat(provider.masters()).hasSize(3);
            Set<RedisAddress> nodes = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                byte[] key = bytes("cl:" + i);
                RedisAddress node = provider.nodeOf(key);
                nodes.add(node);
                try (Pipeline pipeline = provider.pipeline(node)) {
                    Response<String> reply = pipeline.set(key, bytes("v" + i));
                    pipeline.sync();
                    assertThat(reply.get()).isEqualTo("OK"); // no MOVED: the right node
                }
            }
            assertThat(nodes).containsExactlyInAnyOrderElementsOf(provider.masters());
            assertThat(provider.client().get("cl:7")).isEqualTo("v7");
        }
        for (RedisServer master : CLUSTER.server().masters()) {
            try (var jedis = master.newJedis()) {
                assertThat(jedis.dbSize()).as("keys on " + master).isPositive();
            }
        }
    }

    @Test
    void sentinelFindsTheMaster() {
        RedisConnectionOptions options =
                RedisConnectionOptions.builder()
                        .sentinel(
                                SENTINEL.server().masterName(),
                                RedisAddress.parseList(
                                        "sentinel.nodes",
                                        List.copyOf(SENTINEL.server().sentinels())))
                        .build();
        try (RedisClientProvider provider = RedisClientProvider.create(options)) {
            RedisAddress node = provider.nodeOf(bytes("s"));
            assertThat(node.toString()).isEqualTo(SENTINEL.server().master().address());
            try (Pipeline pipeline = provider.pipeline(node)) {
                pipeline.set("sen:k", "v");
                pipeline.sync();
            }
        }
        try (var jedis = SENTINEL.server().master().newJedis()) {
            assertThat(jedis.get("sen:k")).isEqualTo("v");
        }
    }

    @Test
    void unreachableClusterNamesTheSeeds() {
        RedisConnectionOptions options =
                RedisConnectionOptions.builder()
                        .clusterNodes(List.of(new RedisAddress("127.0.0.1", 1)))
                        .password(SECRET)
                        .build();
        assertThatThrownBy(() -> RedisClientProvider.create(options))
                .hasMessageContaining("127.0.0.1:1")
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .doesNotContain(SECRET));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
