package dev.flinkext.connector.redis.config;

import dev.flinkext.connector.redis.RedisConnectorOptions;
import dev.flinkext.connector.redis.RedisConnectorOptions.SslVerify;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.util.TimeUtils;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to connect to Redis: immutable and serializable, so it travels into the job. Built
 * from table options ({@link #fromConfig}) or, for DataStream users, with {@link #builder()}.
 * Secrets never appear in {@link #toString()}.
 */
public final class RedisConnectionOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RedisMode mode;
    private final RedisAddress standalone;
    private final List<RedisAddress> clusterNodes;
    private final String sentinelMaster;
    private final List<RedisAddress> sentinelNodes;
    private final String sentinelPassword;
    private final int database;
    private final String username;
    private final String password;
    private final boolean ssl;
    private final SslVerify sslVerify;
    private final String trustStorePath;
    private final String trustStorePassword;
    private final String trustStoreType;
    private final String keyStorePath;
    private final String keyStorePassword;
    private final String keyStoreType;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final int poolMaxTotal;
    private final int poolMaxIdle;
    private final int poolMinIdle;

    private RedisConnectionOptions(Builder b) {
        this.mode = b.mode;
        this.standalone = b.standalone;
        this.clusterNodes = List.copyOf(b.clusterNodes);
        this.sentinelMaster = b.sentinelMaster;
        this.sentinelNodes = List.copyOf(b.sentinelNodes);
        this.sentinelPassword = b.sentinelPassword;
        this.database = b.database;
        this.username = b.username;
        this.password = b.password;
        this.ssl = b.ssl;
        this.sslVerify = b.sslVerify;
        this.trustStorePath = b.trustStorePath;
        this.trustStorePassword = b.trustStorePassword;
        this.trustStoreType = b.trustStoreType;
        this.keyStorePath = b.keyStorePath;
        this.keyStorePassword = b.keyStorePassword;
        this.keyStoreType = b.keyStoreType;
        this.connectTimeout = b.connectTimeout;
        this.timeout = b.timeout;
        this.poolMaxTotal = b.poolMaxTotal;
        this.poolMaxIdle = b.poolMaxIdle;
        this.poolMinIdle = b.poolMinIdle;
    }

    /**
     * Reads the connection options of a table; fails with {@link ValidationException} naming the
     * option when one is missing, malformed or does not fit the mode.
     */
    public static RedisConnectionOptions fromConfig(ReadableConfig config) {
        RedisMode mode = config.get(RedisConnectorOptions.MODE);
        Builder b = builder().mode(mode);
        switch (mode) {
            case STANDALONE:
                refuse(config, mode, RedisConnectorOptions.NODES);
                refuse(config, mode, RedisConnectorOptions.SENTINEL_MASTER);
                refuse(config, mode, RedisConnectorOptions.SENTINEL_NODES);
                b.standalone(standaloneHost(config), standalonePort(config));
                break;
            case CLUSTER:
                refuse(config, mode, RedisConnectorOptions.HOST);
                refuse(config, mode, RedisConnectorOptions.PORT);
                refuse(config, mode, RedisConnectorOptions.SENTINEL_MASTER);
                refuse(config, mode, RedisConnectorOptions.SENTINEL_NODES);
                b.clusterNodes(
                        RedisAddress.parseList(
                                RedisConnectorOptions.NODES.key(),
                                require(config, mode, RedisConnectorOptions.NODES)));
                break;
            case SENTINEL:
                refuse(config, mode, RedisConnectorOptions.HOST);
                refuse(config, mode, RedisConnectorOptions.PORT);
                refuse(config, mode, RedisConnectorOptions.NODES);
                b.sentinel(
                        require(config, mode, RedisConnectorOptions.SENTINEL_MASTER),
                        RedisAddress.parseList(
                                RedisConnectorOptions.SENTINEL_NODES.key(),
                                require(config, mode, RedisConnectorOptions.SENTINEL_NODES)));
                config.getOptional(RedisConnectorOptions.SENTINEL_PASSWORD)
                        .ifPresent(b::sentinelPassword);
                break;
            default:
                throw new ValidationException("Unknown mode " + mode);
        }
        if (mode == RedisMode.CLUSTER
                && config.getOptional(RedisConnectorOptions.DATABASE).orElse(0) != 0) {
            throw new ValidationException(
                    "Option 'database' must be 0 with 'mode' = 'CLUSTER': Redis Cluster has only"
                            + " database 0.");
        }
        b.database(config.get(RedisConnectorOptions.DATABASE));
        config.getOptional(RedisConnectorOptions.USERNAME).ifPresent(b::username);
        config.getOptional(RedisConnectorOptions.PASSWORD).ifPresent(b::password);
        b.ssl(config.get(RedisConnectorOptions.SSL))
                .sslVerify(config.get(RedisConnectorOptions.SSL_VERIFY_MODE))
                .trustStore(
                        config.getOptional(RedisConnectorOptions.SSL_TRUSTSTORE_PATH).orElse(null),
                        config.getOptional(RedisConnectorOptions.SSL_TRUSTSTORE_PASSWORD)
                                .orElse(null),
                        config.get(RedisConnectorOptions.SSL_TRUSTSTORE_TYPE))
                .keyStore(
                        config.getOptional(RedisConnectorOptions.SSL_KEYSTORE_PATH).orElse(null),
                        config.getOptional(RedisConnectorOptions.SSL_KEYSTORE_PASSWORD)
                                .orElse(null),
                        config.get(RedisConnectorOptions.SSL_KEYSTORE_TYPE));
        if (!b.ssl
                && (b.trustStorePath != null
                        || b.keyStorePath != null
                        || config.getOptional(RedisConnectorOptions.SSL_VERIFY_MODE).isPresent())) {
            throw new ValidationException("Options 'ssl.*' need 'ssl' = 'true' (TLS is off).");
        }
        b.connectTimeout(config.get(RedisConnectorOptions.CONNECT_TIMEOUT))
                .timeout(config.get(RedisConnectorOptions.TIMEOUT))
                .pool(
                        config.get(RedisConnectorOptions.POOL_MAX_TOTAL),
                        config.get(RedisConnectorOptions.POOL_MAX_IDLE),
                        config.get(RedisConnectorOptions.POOL_MIN_IDLE));
        return b.build();
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

    private static <T> T require(
            ReadableConfig config,
            RedisMode mode,
            org.apache.flink.configuration.ConfigOption<T> option) {
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

    private static void refuse(
            ReadableConfig config,
            RedisMode mode,
            org.apache.flink.configuration.ConfigOption<?> option) {
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

    public static Builder builder() {
        return new Builder();
    }

    public RedisMode mode() {
        return mode;
    }

    /** Standalone mode: the server. */
    public RedisAddress standalone() {
        return standalone;
    }

    /** Cluster mode: the seed nodes. */
    public List<RedisAddress> clusterNodes() {
        return clusterNodes;
    }

    public String sentinelMaster() {
        return sentinelMaster;
    }

    public List<RedisAddress> sentinelNodes() {
        return sentinelNodes;
    }

    public Optional<String> sentinelPassword() {
        return Optional.ofNullable(sentinelPassword);
    }

    public int database() {
        return database;
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The password; callers hand it to the client and never print it. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    public boolean ssl() {
        return ssl;
    }

    public SslVerify sslVerify() {
        return sslVerify;
    }

    public Optional<String> trustStorePath() {
        return Optional.ofNullable(trustStorePath);
    }

    public Optional<String> trustStorePassword() {
        return Optional.ofNullable(trustStorePassword);
    }

    public String trustStoreType() {
        return trustStoreType;
    }

    public Optional<String> keyStorePath() {
        return Optional.ofNullable(keyStorePath);
    }

    public Optional<String> keyStorePassword() {
        return Optional.ofNullable(keyStorePassword);
    }

    public String keyStoreType() {
        return keyStoreType;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public int poolMaxTotal() {
        return poolMaxTotal;
    }

    public int poolMaxIdle() {
        return poolMaxIdle;
    }

    public int poolMinIdle() {
        return poolMinIdle;
    }

    /** The addresses the client starts from, as {@code host:port} (for error messages). */
    public String describeAddresses() {
        switch (mode) {
            case CLUSTER:
                return "cluster " + clusterNodes;
            case SENTINEL:
                return "sentinel master '" + sentinelMaster + "' via " + sentinelNodes;
            default:
                return standalone.toString();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedisConnectionOptions)) {
            return false;
        }
        RedisConnectionOptions that = (RedisConnectionOptions) o;
        return database == that.database
                && ssl == that.ssl
                && poolMaxTotal == that.poolMaxTotal
                && poolMaxIdle == that.poolMaxIdle
                && poolMinIdle == that.poolMinIdle
                && mode == that.mode
                && Objects.equals(standalone, that.standalone)
                && clusterNodes.equals(that.clusterNodes)
                && Objects.equals(sentinelMaster, that.sentinelMaster)
                && sentinelNodes.equals(that.sentinelNodes)
                && Objects.equals(sentinelPassword, that.sentinelPassword)
                && Objects.equals(username, that.username)
                && Objects.equals(password, that.password)
                && sslVerify == that.sslVerify
                && Objects.equals(trustStorePath, that.trustStorePath)
                && Objects.equals(trustStorePassword, that.trustStorePassword)
                && Objects.equals(trustStoreType, that.trustStoreType)
                && Objects.equals(keyStorePath, that.keyStorePath)
                && Objects.equals(keyStorePassword, that.keyStorePassword)
                && Objects.equals(keyStoreType, that.keyStoreType)
                && connectTimeout.equals(that.connectTimeout)
                && timeout.equals(that.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, standalone, clusterNodes, sentinelMaster, database, username);
    }

    @Override
    public String toString() {
        return "RedisConnectionOptions{"
                + describeAddresses()
                + ", database="
                + database
                + ", username="
                + (username == null ? "<default>" : username)
                + ", password="
                + redact(password)
                + (mode == RedisMode.SENTINEL
                        ? ", sentinelPassword=" + redact(sentinelPassword)
                        : "")
                + ", ssl="
                + ssl
                + (ssl
                        ? ", sslVerify="
                                + sslVerify
                                + ", trustStore="
                                + trustStorePath
                                + ", trustStorePassword="
                                + redact(trustStorePassword)
                                + ", keyStore="
                                + keyStorePath
                                + ", keyStorePassword="
                                + redact(keyStorePassword)
                        : "")
                + ", connectTimeout="
                + connectTimeout
                + ", timeout="
                + timeout
                + ", pool="
                + poolMinIdle
                + ".."
                + poolMaxIdle
                + "/"
                + poolMaxTotal
                + '}';
    }

    private static String redact(String secret) {
        return secret == null ? "<none>" : "******";
    }

    /** Builds {@link RedisConnectionOptions}; {@link #build()} checks the mode's options. */
    public static final class Builder {
        private RedisMode mode = RedisMode.STANDALONE;
        private RedisAddress standalone = new RedisAddress("localhost", 6379);
        private List<RedisAddress> clusterNodes = new ArrayList<>();
        private String sentinelMaster;
        private List<RedisAddress> sentinelNodes = new ArrayList<>();
        private String sentinelPassword;
        private int database;
        private String username;
        private String password;
        private boolean ssl;
        private SslVerify sslVerify = SslVerify.FULL;
        private String trustStorePath;
        private String trustStorePassword;
        private String trustStoreType = "PKCS12";
        private String keyStorePath;
        private String keyStorePassword;
        private String keyStoreType = "PKCS12";
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration timeout = Duration.ofSeconds(2);
        private int poolMaxTotal = 8;
        private int poolMaxIdle = 8;
        private int poolMinIdle = 0;

        private Builder() {}

        public Builder mode(RedisMode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        /** Standalone mode on {@code host:port}. */
        public Builder standalone(String host, int port) {
            this.mode = RedisMode.STANDALONE;
            this.standalone = new RedisAddress(host, port);
            return this;
        }

        /** Cluster mode from these seed nodes. */
        public Builder clusterNodes(List<RedisAddress> nodes) {
            this.mode = RedisMode.CLUSTER;
            this.clusterNodes = new ArrayList<>(nodes);
            return this;
        }

        /** Sentinel mode: the master {@code masterName} found through these Sentinels. */
        public Builder sentinel(String masterName, List<RedisAddress> sentinels) {
            this.mode = RedisMode.SENTINEL;
            this.sentinelMaster = masterName;
            this.sentinelNodes = new ArrayList<>(sentinels);
            return this;
        }

        public Builder sentinelPassword(String sentinelPassword) {
            this.sentinelPassword = sentinelPassword;
            return this;
        }

        public Builder database(int database) {
            this.database = database;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder ssl(boolean ssl) {
            this.ssl = ssl;
            return this;
        }

        public Builder sslVerify(SslVerify sslVerify) {
            this.sslVerify = Objects.requireNonNull(sslVerify);
            return this;
        }

        public Builder trustStore(String path, String password, String type) {
            this.trustStorePath = path;
            this.trustStorePassword = password;
            this.trustStoreType = type;
            return this;
        }

        public Builder keyStore(String path, String password, String type) {
            this.keyStorePath = path;
            this.keyStorePassword = password;
            this.keyStoreType = type;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder pool(int maxTotal, int maxIdle, int minIdle) {
            this.poolMaxTotal = maxTotal;
            this.poolMaxIdle = maxIdle;
            this.poolMinIdle = minIdle;
            return this;
        }

        public RedisConnectionOptions build() {
            switch (mode) {
                case CLUSTER:
                    check(!clusterNodes.isEmpty(), "Option 'nodes' must list at least one node.");
                    check(database == 0, "Option 'database' must be 0 in cluster mode.");
                    break;
                case SENTINEL:
                    check(
                            sentinelMaster != null && !sentinelMaster.isBlank(),
                            "Option 'sentinel.master' must name the master.");
                    check(
                            !sentinelNodes.isEmpty(),
                            "Option 'sentinel.nodes' must list at least one Sentinel.");
                    break;
                default:
                    Objects.requireNonNull(standalone);
            }
            check(database >= 0, "Option 'database' must be >= 0, got " + database + ".");
            check(
                    !connectTimeout.isNegative() && !connectTimeout.isZero(),
                    "Option 'connect-timeout' must be positive, got "
                            + TimeUtils.formatWithHighestUnit(connectTimeout)
                            + ".");
            check(
                    !timeout.isNegative(),
                    "Option 'timeout' must not be negative, got "
                            + TimeUtils.formatWithHighestUnit(timeout)
                            + ".");
            check(
                    poolMaxTotal >= 1,
                    "Option 'pool.max-total' must be >= 1, got " + poolMaxTotal + ".");
            check(
                    poolMinIdle >= 0 && poolMinIdle <= poolMaxIdle,
                    "Options 'pool.min-idle' ("
                            + poolMinIdle
                            + ") and 'pool.max-idle' ("
                            + poolMaxIdle
                            + ") need 0 <= min-idle <= max-idle.");
            check(
                    password != null || username == null,
                    "Option 'username' needs 'password' as well.");
            return new RedisConnectionOptions(this);
        }

        private static void check(boolean condition, String message) {
            if (!condition) {
                throw new ValidationException(message);
            }
        }
    }
}
