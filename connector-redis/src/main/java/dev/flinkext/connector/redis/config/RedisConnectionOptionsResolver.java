package dev.flinkext.connector.redis.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

/**
 * Reads {@link RedisConnectionOptions} from a table's options ({@link RedisConnectorOptions}): the
 * endpoint of the 'mode', credentials, TLS, pool and timeouts. Fails with {@link
 * ValidationException} naming the option (and the value) when one is missing, malformed or does not
 * fit the mode; never with a secret in the message.
 */
public final class RedisConnectionOptionsResolver {

    private RedisConnectionOptionsResolver() {}

    /**
     * Reads and checks the connection options of a table.
     *
     * @throws ValidationException naming the option at fault
     */
    public static RedisConnectionOptions resolve(ReadableConfig config) {
        RedisEndpoint endpoint = endpoint(config);
        RedisTlsOptions tls = tls(config);
        RedisPoolOptions pool =
                new RedisPoolOptions(
                        config.get(RedisConnectorOptions.POOL_MAX_TOTAL),
                        config.get(RedisConnectorOptions.POOL_MAX_IDLE),
                        config.get(RedisConnectorOptions.POOL_MIN_IDLE));
        return new RedisConnectionOptions(
                endpoint,
                config.getOptional(RedisConnectorOptions.USERNAME).orElse(null),
                config.getOptional(RedisConnectorOptions.PASSWORD).orElse(null),
                tls,
                pool,
                config.get(RedisConnectorOptions.CONNECT_TIMEOUT),
                config.get(RedisConnectorOptions.TIMEOUT));
    }

    /** The endpoint of 'mode'; refuses the address options of the other modes. */
    static RedisEndpoint endpoint(ReadableConfig config) {
        RedisMode mode = config.get(RedisConnectorOptions.MODE);
        switch (mode) {
            case STANDALONE:
                refuse(config, mode, RedisConnectorOptions.NODES);
                refuse(config, mode, RedisConnectorOptions.SENTINEL_MASTER);
                refuse(config, mode, RedisConnectorOptions.SENTINEL_NODES);
                return new RedisEndpoint.Standalone(
                        new RedisAddress(standaloneHost(config), standalonePort(config)),
                        config.get(RedisConnectorOptions.DATABASE));
            case CLUSTER:
                refuse(config, mode, RedisConnectorOptions.HOST);
                refuse(config, mode, RedisConnectorOptions.PORT);
                refuse(config, mode, RedisConnectorOptions.SENTINEL_MASTER);
                refuse(config, mode, RedisConnectorOptions.SENTINEL_NODES);
                RedisEndpoint cluster =
                        new RedisEndpoint.Cluster(
                                RedisAddress.parseList(
                                        RedisConnectorOptions.NODES.key(),
                                        require(config, mode, RedisConnectorOptions.NODES)));
                if (config.getOptional(RedisConnectorOptions.DATABASE).orElse(0) != 0) {
                    throw new ValidationException(
                            "Option 'database' must be 0 with 'mode' = 'CLUSTER': Redis Cluster"
                                    + " has only database 0.");
                }
                return cluster;
            case SENTINEL:
                refuse(config, mode, RedisConnectorOptions.HOST);
                refuse(config, mode, RedisConnectorOptions.PORT);
                refuse(config, mode, RedisConnectorOptions.NODES);
                return new RedisEndpoint.Sentinel(
                        require(config, mode, RedisConnectorOptions.SENTINEL_MASTER),
                        RedisAddress.parseList(
                                RedisConnectorOptions.SENTINEL_NODES.key(),
                                require(config, mode, RedisConnectorOptions.SENTINEL_NODES)),
                        config.getOptional(RedisConnectorOptions.SENTINEL_PASSWORD).orElse(null),
                        config.get(RedisConnectorOptions.DATABASE));
            default:
                throw new ValidationException("Unknown mode " + mode);
        }
    }

    /** 'ssl' and 'ssl.*'; the 'ssl.*' options need 'ssl' = 'true'. */
    static RedisTlsOptions tls(ReadableConfig config) {
        RedisTlsOptions tls =
                new RedisTlsOptions(
                        config.get(RedisConnectorOptions.SSL),
                        config.get(RedisConnectorOptions.SSL_VERIFY_MODE),
                        new RedisTlsOptions.Store(
                                config.getOptional(RedisConnectorOptions.SSL_TRUSTSTORE_PATH)
                                        .orElse(null),
                                config.getOptional(RedisConnectorOptions.SSL_TRUSTSTORE_PASSWORD)
                                        .orElse(null),
                                config.get(RedisConnectorOptions.SSL_TRUSTSTORE_TYPE)),
                        new RedisTlsOptions.Store(
                                config.getOptional(RedisConnectorOptions.SSL_KEYSTORE_PATH)
                                        .orElse(null),
                                config.getOptional(RedisConnectorOptions.SSL_KEYSTORE_PASSWORD)
                                        .orElse(null),
                                config.get(RedisConnectorOptions.SSL_KEYSTORE_TYPE)));
        if (!tls.enabled()
                && (tls.trustStore().path().isPresent()
                        || tls.keyStore().path().isPresent()
                        || config.getOptional(RedisConnectorOptions.SSL_VERIFY_MODE).isPresent())) {
            throw new ValidationException("Options 'ssl.*' need 'ssl' = 'true' (TLS is off).");
        }
        return tls;
    }

    private static String standaloneHost(ReadableConfig config) {
        String host = config.get(RedisConnectorOptions.HOST);
        if (host.isBlank()) {
            throw new ValidationException("Option 'host' must not be empty.");
        }
        return host;
    }

    private static int standalonePort(ReadableConfig config) {
        int port = config.get(RedisConnectorOptions.PORT);
        if (port < 1 || port > 65535) {
            throw new ValidationException("Option 'port' must be in 1..65535, got " + port + ".");
        }
        return port;
    }

    private static <T> T require(ReadableConfig config, RedisMode mode, ConfigOption<T> option) {
        return config.getOptional(option)
                .orElseThrow(
                        () ->
                                new ValidationException(
                                        "Option '"
                                                + option.key()
                                                + "' is required with 'mode' = '"
                                                + mode
                                                + "'."));
    }

    private static void refuse(ReadableConfig config, RedisMode mode, ConfigOption<?> option) {
        if (config.getOptional(option).isPresent()) {
            throw new ValidationException(
                    "Option '"
                            + option.key()
                            + "' conflicts with 'mode' = '"
                            + mode
                            + "': "
                            + (mode == RedisMode.STANDALONE
                                    ? "standalone mode takes 'host' and 'port'."
                                    : mode == RedisMode.CLUSTER
                                            ? "cluster mode takes 'nodes'."
                                            : "sentinel mode takes 'sentinel.master' and"
                                                    + " 'sentinel.nodes'."));
        }
    }
}
