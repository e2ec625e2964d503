package dev.flinkext.testing.redis;

import dev.flinkext.testing.ServerExtension;

/**
 * Starts a Redis Cluster of 3 masters (no replicas) on 127.0.0.1 for a test class (or the whole JVM
 * with {@link #sharedPerJvm()}); the cluster is healthy on every node when tests run.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisClusterExtension CLUSTER = RedisClusterExtension.embedded();
 * ...
 * try (JedisCluster jedis = CLUSTER.server().newJedisCluster()) { ... }
 * }</pre>
 */
public final class RedisClusterExtension extends ServerExtension<RedisCluster> {

    private static final int MASTERS = 3;

    private final RedisBinary binary;

    private RedisClusterExtension(RedisBinary binary) {
        this.binary = binary;
    }

    /** Redis 6.2 from the binary inside the embedded-redis jar (the default). */
    public static RedisClusterExtension embedded() {
        return new RedisClusterExtension(RedisBinary.EMBEDDED);
    }

    /** The machine's {@code redis-server} (apt package {@code redis-server}; 7.0 on bookworm). */
    public static RedisClusterExtension system() {
        return new RedisClusterExtension(RedisBinary.SYSTEM);
    }

    @Override
    protected RedisCluster startServer() throws Exception {
        return RedisCluster.start(binary, MASTERS);
    }

    @Override
    protected String sharingKey() {
        return binary.name() + ":" + MASTERS;
    }
}
