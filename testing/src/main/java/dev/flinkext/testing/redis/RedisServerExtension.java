package dev.flinkext.testing.redis;

import dev.flinkext.testing.ServerExtension;

import java.util.List;

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
    private RedisServer.TlsSettings tls;

    private static final List<String> DEFAULT_TLS_NAMES = List.of("localhost", "127.0.0.1");

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

    /**
     * TLS only (no plain port): a CA, a certificate for {@code localhost} and {@code 127.0.0.1} and
     * a PKCS12 trust store are made for each server ({@link RedisServer#tls()}); clients need no
     * certificate. The server's own helpers ({@code newJedis()}) connect with TLS.
     */
    public RedisServerExtension tls() {
        return tls(RedisTlsClientAuth.NONE);
    }

    /** TLS that asks clients for a certificate; a client key store is made for the tests. */
    public RedisServerExtension tls(RedisTlsClientAuth clientAuth) {
        return tls(clientAuth, DEFAULT_TLS_NAMES);
    }

    /** Mutual TLS: clients must present a certificate signed by the test CA. */
    public RedisServerExtension mutualTls() {
        return tls(RedisTlsClientAuth.REQUIRED);
    }

    /**
     * TLS with a server certificate for {@code hostNames} instead of localhost and 127.0.0.1, e.g.
     * {@code "redis.example"} to test that host name checks fail while chain-only checks pass.
     */
    public RedisServerExtension tls(RedisTlsClientAuth clientAuth, List<String> hostNames) {
        this.tls = new RedisServer.TlsSettings(hostNames, clientAuth);
        return this;
    }

    @Override
    protected RedisServer startServer() throws Exception {
        return RedisServer.start(binary, password, tls);
    }

    @Override
    protected String sharingKey() {
        // the hash keeps the password itself out of the key, which JUnit may print
        return binary
                + (tls == null ? "" : ":tls-" + tls.clientAuth() + "-" + tls.hostNames())
                + (password == null ? "" : ":auth-" + Integer.toHexString(password.hashCode()));
    }
}
