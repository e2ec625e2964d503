package dev.flinkext.testing.redis;

import dev.flinkext.testing.ServerExtension;

/**
 * Starts one standalone Redis server on 127.0.0.1 for a test class (or the whole JVM with {@link
 * #sharedPerJvm()}).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension REDIS = RedisServerExtension.embedded();
 * ...
 * try (Jedis jedis = REDIS.server().newJedis()) { ... }
 * }</pre>
 */
public final class RedisServerExtension extends ServerExtension<RedisServer> {

    private final RedisBinary binary;
    private String password;

    private RedisServerExtension(RedisBinary binary) {
        this.binary = binary;
    }

    /** Redis 6.2 from the binary inside the embedded-redis jar; needs nothing installed. */
    public static RedisServerExtension embedded() {
        return new RedisServerExtension(RedisBinary.EMBEDDED);
    }

    /** The machine's {@code redis-server} (apt package {@code redis-server}; 7.0 on bookworm). */
    public static RedisServerExtension system() {
        return new RedisServerExtension(RedisBinary.SYSTEM);
    }

    /** Makes the server require {@code password} (requirepass); clients get it automatically. */
    public RedisServerExtension password(String password) {
        this.password = password;
        return this;
    }

    @Override
    protected RedisServer startServer() throws Exception {
        return RedisServer.start(binary, password);
    }

    @Override
    protected String sharingKey() {
        // the hash keeps the password itself out of the key, which JUnit may print
        return binary
                + (password == null ? "" : ":auth-" + Integer.toHexString(password.hashCode()));
    }
}
