package dev.flinkext.connector.redis.client;

import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisEndpoint;

import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one way flinkext code talks to Redis, whatever the deployment (standalone, cluster,
 * sentinel). Single commands go through {@link #client()}, which routes them itself; batches are
 * grouped by {@link #nodeOf node} and sent as one {@link #pipeline pipeline} per node, so a batch
 * never crosses nodes (Redis Cluster refuses that).
 *
 * <p>Created on the task manager ({@link #create}); thread-safe; {@link #close()} releases every
 * connection. {@link #toString()} names addresses only, never secrets.
 */
public interface RedisClientProvider extends AutoCloseable {

    /** Connects to {@code options.endpoint()}; errors name the addresses, not secrets. */
    static RedisClientProvider create(RedisConnectionOptions options) {
        RedisEndpoint endpoint = options.endpoint();
        if (endpoint instanceof RedisEndpoint.Cluster cluster) {
            return new ClusterClientProvider(options, cluster);
        }
        if (endpoint instanceof RedisEndpoint.Sentinel sentinel) {
            return new SentinelClientProvider(options, sentinel);
        }
        return new StandaloneClientProvider(options, (RedisEndpoint.Standalone) endpoint);
    }

    /** A client for single commands; in cluster mode it routes each command to its node. */
    UnifiedJedis client();

    /**
     * The node that serves {@code key}: its cluster master, or the one server otherwise. May change
     * after {@link #refreshTopology()}.
     */
    RedisAddress nodeOf(byte[] key);

    /** Every master node (one entry outside cluster mode), e.g. one scan split each. */
    List<RedisAddress> masters();

    /**
     * The master serving each hash slot of {@code [firstSlot, endSlot)} (element {@code i} for slot
     * {@code firstSlot + i}), when the current slot map is exact for that range: every slot served
     * by one of {@link #masters()} and no slot of the cluster MIGRATING or IMPORTING (its keys are
     * then split between two masters). Empty when that cannot be told (outside cluster mode, an
     * unserved slot, a migration, a master that does not answer).
     */
    default Optional<List<RedisAddress>> slotMasters(int firstSlot, int endSlot) {
        return Optional.empty();
    }

    /**
     * The masters that can hold keys of the hash slots {@code [firstSlot, endSlot)}, by the current
     * slot map ({@link #slotMasters}): a scan of just these finds every key of those slots. Every
     * master when that cannot be told exactly.
     */
    default List<RedisAddress> mastersOfSlots(int firstSlot, int endSlot) {
        List<RedisAddress> masters = masters();
        return slotMasters(firstSlot, endSlot)
                .map(owners -> masters.stream().filter(Set.copyOf(owners)::contains).toList())
                .orElse(masters);
    }

    /**
     * A pipeline on a pooled connection to {@code node}; closing the pipeline hands the connection
     * back. Fails with the node's address when it cannot connect.
     */
    default Pipeline pipeline(RedisAddress node) {
        return new Pipeline(connection(node), true);
    }

    /** A pooled connection to {@code node} (e.g. for SCAN on one master); close it after use. */
    Connection connection(RedisAddress node);

    /** Re-reads the cluster's slot map / the current master (after MOVED or a failover). */
    void refreshTopology();

    /** The addresses this provider connects to, for messages. */
    String describe();

    @Override
    void close();
}
