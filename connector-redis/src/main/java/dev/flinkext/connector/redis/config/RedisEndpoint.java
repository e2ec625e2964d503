package dev.flinkext.connector.redis.config;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.flinkext.connector.redis.config.Checks.check;
import static dev.flinkext.connector.redis.config.Checks.redact;

/**
 * Where the Redis data lives: one server, a Redis Cluster, or a master found through Sentinels.
 * Immutable and serializable; {@link #toString()} never shows a secret.
 */
public sealed interface RedisEndpoint extends Serializable
        permits RedisEndpoint.Standalone, RedisEndpoint.Cluster, RedisEndpoint.Sentinel {

    /** The deployment this endpoint describes ('mode'). */
    RedisMode mode();

    /** The database selected on data connections; always 0 in a Redis Cluster. */
    int database();

    /** The addresses the client starts from, as {@code host:port} (for names and messages). */
    String describe();

    /**
     * One server.
     *
     * @param address the server
     * @param database the database to select, at least 0
     */
    record Standalone(RedisAddress address, int database) implements RedisEndpoint {

        public Standalone {
            Objects.requireNonNull(address, "address");
            checkDatabase(database);
        }

        /** The server with database 0. */
        public Standalone(RedisAddress address) {
            this(address, 0);
        }

        @Override
        public RedisMode mode() {
            return RedisMode.STANDALONE;
        }

        @Override
        public String describe() {
            return address.toString();
        }
    }

    /**
     * Redis Cluster, discovered from seed nodes; it has only database 0.
     *
     * @param nodes the seed nodes, at least one
     */
    record Cluster(List<RedisAddress> nodes) implements RedisEndpoint {

        public Cluster {
            nodes = List.copyOf(nodes);
            check(!nodes.isEmpty(), "Option 'nodes' must list at least one node.");
        }

        @Override
        public RedisMode mode() {
            return RedisMode.CLUSTER;
        }

        @Override
        public int database() {
            return 0;
        }

        @Override
        public String describe() {
            return "cluster " + nodes;
        }
    }

    /**
     * The master that Redis Sentinels name, followed across failovers.
     *
     * @param masterName the master's name in the Sentinels' configuration
     * @param sentinels the Sentinels, at least one
     * @param sentinelPasswordOrNull the Sentinels' own password, or null
     * @param database the database to select on the master, at least 0
     */
    record Sentinel(
            String masterName,
            List<RedisAddress> sentinels,
            @Nullable String sentinelPasswordOrNull,
            int database)
            implements RedisEndpoint {

        public Sentinel {
            check(
                    masterName != null && !masterName.isBlank(),
                    "Option 'sentinel.master' must name the master.");
            sentinels = List.copyOf(sentinels);
            check(!sentinels.isEmpty(), "Option 'sentinel.nodes' must list at least one Sentinel.");
            checkDatabase(database);
        }

        public Optional<String> sentinelPassword() {
            return Optional.ofNullable(sentinelPasswordOrNull);
        }

        @Override
        public RedisMode mode() {
            return RedisMode.SENTINEL;
        }

        @Override
        public String describe() {
            return "sentinel master '" + masterName + "' via " + sentinels;
        }

        @Override
        public String toString() {
            return "Sentinel["
                    + describe()
                    + ", sentinelPassword="
                    + redact(sentinelPasswordOrNull)
                    + ", database="
                    + database
                    + ']';
        }
    }

    private static void checkDatabase(int database) {
        check(database >= 0, "Option 'database' must be >= 0, got " + database + ".");
    }
}
