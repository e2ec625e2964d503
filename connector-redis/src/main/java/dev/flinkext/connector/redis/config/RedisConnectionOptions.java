package dev.flinkext.connector.redis.config;

import dev.flinkext.connector.redis.config.RedisConnectorOptions.SslVerify;

import org.apache.flink.util.TimeUtils;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.flinkext.connector.redis.config.Checks.check;
import static dev.flinkext.connector.redis.config.Checks.redact;

/**
 * Where and how to connect to Redis: immutable and serializable, so it travels into the job, and
 * compared by value (the planner compares sources and sinks). Read from table options by {@link
 * RedisConnectionOptionsResolver} or, for DataStream users, built with {@link #builder()}. Secrets
 * never appear in {@link #toString()}.
 *
 * @param endpoint standalone server, cluster seed nodes or sentinels
 * @param usernameOrNull the ACL user, or null for the default user
 * @param passwordOrNull the password, or null; needed when a username is set
 * @param tls TLS settings
 * @param pool the connection pool per node
 * @param connectTimeout time to open a connection (and to wait for a pooled one), positive
 * @param timeout socket timeout of a command, zero for none
 */
public record RedisConnectionOptions(
        RedisEndpoint endpoint,
        @Nullable String usernameOrNull,
        @Nullable String passwordOrNull,
        RedisTlsOptions tls,
        RedisPoolOptions pool,
        Duration connectTimeout,
        Duration timeout)
        implements Serializable {

    /** The default of 'connect-timeout' and 'timeout'. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public RedisConnectionOptions {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
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
                passwordOrNull != null || usernameOrNull == null,
                "Option 'username' needs 'password' as well.");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The deployment, as {@link #endpoint()} describes it. */
    public RedisMode mode() {
        return endpoint.mode();
    }

    /** The database selected on data connections (0 in cluster mode). */
    public int database() {
        return endpoint.database();
    }

    public Optional<String> username() {
        return Optional.ofNullable(usernameOrNull);
    }

    /** The password; callers hand it to the client and never print it. */
    public Optional<String> password() {
        return Optional.ofNullable(passwordOrNull);
    }

    /** The addresses the client starts from, as {@code host:port} (for error messages). */
    public String describeAddresses() {
        return endpoint.describe();
    }

    @Override
    public String toString() {
        return "RedisConnectionOptions{"
                + endpoint.describe()
                + ", database="
                + endpoint.database()
                + ", username="
                + (usernameOrNull == null ? "<default>" : usernameOrNull)
                + ", password="
                + redact(passwordOrNull)
                + (endpoint instanceof RedisEndpoint.Sentinel sentinel
                        ? ", sentinelPassword=" + redact(sentinel.sentinelPasswordOrNull())
                        : "")
                + ", "
                + tls
                + ", connectTimeout="
                + connectTimeout
                + ", timeout="
                + timeout
                + ", pool="
                + pool
                + '}';
    }

    /**
     * Builds {@link RedisConnectionOptions} in code (DataStream users), starting from the defaults
     * of the options; {@link #build()} checks them as the table options are checked.
     */
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
        private SslVerify sslVerify = RedisTlsOptions.DISABLED.verifyMode();
        private String trustStorePath;
        private String trustStorePassword;
        private String trustStoreType = RedisTlsOptions.DEFAULT_STORE_TYPE;
        private String keyStorePath;
        private String keyStorePassword;
        private String keyStoreType = RedisTlsOptions.DEFAULT_STORE_TYPE;
        private Duration connectTimeout = DEFAULT_TIMEOUT;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int poolMaxTotal = RedisPoolOptions.DEFAULT.maxTotal();
        private int poolMaxIdle = RedisPoolOptions.DEFAULT.maxIdle();
        private int poolMinIdle = RedisPoolOptions.DEFAULT.minIdle();

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

        /**
         * @throws org.apache.flink.table.api.ValidationException naming the option at fault
         */
        public RedisConnectionOptions build() {
            return new RedisConnectionOptions(
                    endpoint(),
                    username,
                    password,
                    new RedisTlsOptions(
                            ssl,
                            sslVerify,
                            new RedisTlsOptions.Store(
                                    trustStorePath, trustStorePassword, trustStoreType),
                            new RedisTlsOptions.Store(
                                    keyStorePath, keyStorePassword, keyStoreType)),
                    new RedisPoolOptions(poolMaxTotal, poolMaxIdle, poolMinIdle),
                    connectTimeout,
                    timeout);
        }

        private RedisEndpoint endpoint() {
            switch (mode) {
                case CLUSTER:
                    RedisEndpoint cluster = new RedisEndpoint.Cluster(clusterNodes);
                    check(database == 0, "Option 'database' must be 0 in cluster mode.");
                    return cluster;
                case SENTINEL:
                    return new RedisEndpoint.Sentinel(
                            sentinelMaster, sentinelNodes, sentinelPassword, database);
                default:
                    return new RedisEndpoint.Standalone(standalone, database);
            }
        }
    }
}
