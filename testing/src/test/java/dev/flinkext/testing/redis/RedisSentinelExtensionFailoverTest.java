package dev.flinkext.testing.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedisSentinelExtensionFailoverTest {

    @RegisterExtension
    static final RedisSentinelExtension SENTINEL = RedisSentinelExtension.embedded().withReplica();

    @Test
    void killingTheMasterPromotesTheReplica() {
        RedisSentinel sentinel = SENTINEL.server();
        RedisServer oldMaster = sentinel.master();
        RedisServer replica = sentinel.replica();
        assertThat(replica.role()).isEqualTo("slave");
        try (Jedis jedis = oldMaster.newJedis()) {
            jedis.set("before", "failover");
            assertThat(jedis.waitReplicas(1, 5000)).isEqualTo(1);
        }

        sentinel.killMaster();
        RedisServer promoted = sentinel.awaitFailover();

        assertThat(ProcessHandle.of(oldMaster.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(promoted).isEqualTo(replica);
        assertThat(promoted.role()).isEqualTo("master");
        try (Jedis jedis = sentinel.newSentinelJedis()) {
            assertThat(jedis.sentinelGetMasterAddrByName(sentinel.masterName()))
                    .containsExactly("127.0.0.1", Integer.toString(replica.port()));
        }
        try (var pool = sentinel.newSentinelPool();
                Jedis jedis = pool.getResource()) {
            assertThat(pool.getCurrentHostMaster())
                    .isEqualTo(new HostAndPort("127.0.0.1", replica.port()));
            assertThat(jedis.get("before")).isEqualTo("failover");
            jedis.set("after", "failover");
        }
        assertThat(sentinel.pids()).hasSize(3).doesNotHaveDuplicates();
        assertThat(List.of(oldMaster.pid(), replica.pid())).isSubsetOf(sentinel.pids());
    }
}
