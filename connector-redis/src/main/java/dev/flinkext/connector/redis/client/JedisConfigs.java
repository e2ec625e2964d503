package dev.flinkext.connector.redis.client;

import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisConnectorOptions;
import dev.flinkext.connector.redis.config.RedisEndpoint;
import dev.flinkext.connector.redis.config.RedisTlsOptions;

import org.apache.flink.configuration.ConfigOption;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

import java.io.File;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Translates {@link RedisConnectionOptions} into jedis configuration objects. */
final class JedisConfigs {

    private JedisConfigs() {}

    /** Settings of connections to data nodes (auth, database, TLS, timeouts). */
    static JedisClientConfig clientConfig(RedisConnectionOptions options, boolean withDatabase) {
        DefaultJedisClientConfig.Builder b =
                DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(millis(options.connectTimeout()))
                        .socketTimeoutMillis(millis(options.timeout()))
                        .clientName("flinkext");
        options.username().ifPresent(b::user);
        options.password().ifPresent(b::password);
        if (withDatabase) {
            b.database(options.database());
        }
        applySsl(options.tls(), b);
        return b.build();
    }

    /** Settings of connections to Sentinels: their own password, no database. */
    static JedisClientConfig sentinelConfig(
            RedisConnectionOptions options, RedisEndpoint.Sentinel sentinel) {
        DefaultJedisClientConfig.Builder b =
                DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(millis(options.connectTimeout()))
                        .socketTimeoutMillis(millis(options.timeout()))
                        .clientName("flinkext-sentinel");
        sentinel.sentinelPassword().ifPresent(b::password);
        applySsl(options.tls(), b);
        return b.build();
    }

    static GenericObjectPoolConfig<Connection> poolConfig(RedisConnectionOptions options) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(options.pool().maxTotal());
        pool.setMaxIdle(options.pool().maxIdle());
        pool.setMinIdle(options.pool().minIdle());
        // a broken connection is noticed when used and then dropped; no per-borrow PING
        pool.setTestOnBorrow(false);
        pool.setMaxWait(options.connectTimeout());
        return pool;
    }

    static HostAndPort hostAndPort(RedisAddress address) {
        return new HostAndPort(address.host(), address.port());
    }

    static Set<HostAndPort> hostAndPorts(List<RedisAddress> addresses) {
        Set<HostAndPort> set = new LinkedHashSet<>();
        addresses.forEach(a -> set.add(hostAndPort(a)));
        return set;
    }

    static RedisAddress address(HostAndPort hostAndPort) {
        return new RedisAddress(hostAndPort.getHost(), hostAndPort.getPort());
    }

    private static void applySsl(RedisTlsOptions tls, DefaultJedisClientConfig.Builder b) {
        if (!tls.enabled()) {
            return;
        }
        SslOptions.Builder ssl =
                SslOptions.builder()
                        .sslVerifyMode(SslVerifyMode.valueOf(tls.verifyMode().name()))
                        .trustStoreType(tls.trustStore().type())
                        .keyStoreType(tls.keyStore().type());
        tls.trustStore()
                .path()
                .ifPresent(
                        path ->
                                ssl.truststore(
                                        existingFile(
                                                RedisConnectorOptions.SSL_TRUSTSTORE_PATH, path),
                                        passwordChars(tls.trustStore())));
        tls.keyStore()
                .path()
                .ifPresent(
                        path ->
                                ssl.keystore(
                                        existingFile(RedisConnectorOptions.SSL_KEYSTORE_PATH, path),
                                        passwordChars(tls.keyStore())));
        b.ssl(true).sslOptions(ssl.build());
    }

    private static char[] passwordChars(RedisTlsOptions.Store store) {
        return store.password().map(String::toCharArray).orElse(null);
    }

    /** The store file, or an error naming the option (jedis's own message names neither). */
    private static File existingFile(ConfigOption<String> option, String path) {
        File file = new File(path);
        if (!file.isFile()) {
            throw new IllegalArgumentException(
                    "Option '"
                            + option.key()
                            + "' = '"
                            + path
                            + "': "
                            + (file.exists() ? "not a regular file" : "no such file")
                            + " on this task manager");
        }
        return file;
    }

    private static int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
