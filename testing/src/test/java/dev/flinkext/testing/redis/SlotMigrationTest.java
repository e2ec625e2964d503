package dev.flinkext.testing.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotMigrationTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.embedded();

    private static final int KEYS = 50;

    @Test
    void asksWhileTheSlotMovesAndMovesAfterwards() {
        RedisCluster cluster = CLUSTER.server();
        RedisServer source = cluster.masters().get(0);
        RedisServer target = cluster.masters().get(1);
        String tag = cluster.hashTagOn(source);
        int slot = JedisClusterCRC16.getSlot(tag);
        try (RedisClusterClient client = cluster.newClusterClient()) {
            for (int i = 0; i < KEYS; i++) {
                client.set("{" + tag + "}:" + i, "v" + i);
            }
        }
        source.resetStats();

        SlotMigration migration = cluster.startMigration(slot, target);
        assertThat(migration.moveKeys(20)).isEqualTo(20);
        assertThat(migration.keysLeftOnSource()).isEqualTo(KEYS - 20);

        String moved = movedKey(slot, target);
        try (Jedis direct = source.newJedis()) {
            assertThatThrownBy(() -> direct.get(moved))
                    .isInstanceOf(JedisAskDataException.class)
                    .hasMessageContaining(target.address());
        }
        try (Jedis onTarget = target.newJedis()) {
            onTarget.asking();
            assertThat(onTarget.get(moved)).startsWith("v");
        }
        assertThat(source.errorReplies("ASK")).isEqualTo(1);
        assertThat(target.commandCalls("asking")).isPositive();
        assertThat(cluster.ownerOf(slot)).isEqualTo(source);

        migration.finish(20);

        assertThat(migration.keysLeftOnSource()).isZero();
        assertThat(cluster.ownerOf(slot)).isEqualTo(target);
        try (Jedis direct = source.newJedis()) {
            assertThatThrownBy(() -> direct.get(moved))
                    .isInstanceOf(JedisMovedDataException.class)
                    .hasMessageContaining(target.address());
        }
        assertThat(source.errorReplies("MOVED")).isEqualTo(1);
        try (RedisClusterClient client = cluster.newClusterClient()) {
            for (int i = 0; i < KEYS; i++) {
                assertThat(client.get("{" + tag + "}:" + i)).isEqualTo("v" + i);
            }
        }
        try (Jedis onTarget = target.newJedis()) {
            assertThat(onTarget.clusterCountKeysInSlot(slot)).isEqualTo(KEYS);
        }
    }

    /** A key of the slot the target already holds. */
    private static String movedKey(int slot, RedisServer target) {
        try (Jedis onTarget = target.newJedis()) {
            return onTarget.clusterGetKeysInSlot(slot, 1).get(0);
        }
    }
}
