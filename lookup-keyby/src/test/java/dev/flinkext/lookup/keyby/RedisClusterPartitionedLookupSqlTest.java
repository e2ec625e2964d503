package dev.flinkext.lookup.keyby;

import dev.flinkext.testing.redis.RedisClusterExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisCluster;

/** {@link PartitionedLookupSqlTestBase} on a STRING table in a 3-master Redis cluster. */
class RedisClusterPartitionedLookupSqlTest extends PartitionedLookupSqlTestBase {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.embedded();

    @BeforeAll
    static void createDimension() {
        try (JedisCluster jedis = CLUSTER.server().newJedisCluster()) {
            for (int i = 0; i < KEYS; i++) {
                jedis.set("s:k" + i, "v" + i);
            }
        }
    }

    @Override
    String dimOptions() {
        return "'connector' = 'redis', 'mode' = 'cluster', 'nodes' = '"
                + String.join(",", CLUSTER.server().nodes())
                + "', 'key-prefix' = 's:'";
    }
}
