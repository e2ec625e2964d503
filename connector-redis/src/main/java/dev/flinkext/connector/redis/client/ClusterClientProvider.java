package dev.flinkext.connector.redis.client;

import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisEndpoint;

import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Redis Cluster: keys map to masters by hash slot, as the client's slot cache knows them. */
final class ClusterClientProvider implements RedisClientProvider {

    private final RedisEndpoint.Cluster endpoint;
    private final ClusterConnectionProvider connections;
    private final RedisClusterClient client;

    ClusterClientProvider(RedisConnectionOptions options, RedisEndpoint.Cluster endpoint) {
        this.endpoint = endpoint;
        try {
            this.connections =
                    new ClusterConnectionProvider(
                            JedisConfigs.hostAndPorts(endpoint.nodes()),
                            JedisConfigs.clientConfig(options, false),
                            JedisConfigs.poolConfig(options));
        } catch (RuntimeException e) {
            throw RedisClientErrors.cannotConnect(describe(), e);
        }
        try {
            this.client =
                    RedisClusterClient.builder()
                            .nodes(JedisConfigs.hostAndPorts(endpoint.nodes()))
                            .clientConfig(JedisConfigs.clientConfig(options, false))
                            .connectionProvider(connections)
                            .build();
        } catch (RuntimeException e) {
            // the connection provider already holds pools (and, for sentinels, listener
            // threads): release them before failing
            connections.close();
            throw RedisClientErrors.cannotConnect(describe(), e);
        }
    }

    @Override
    public UnifiedJedis client() {
        return client;
    }

    @Override
    public RedisAddress nodeOf(byte[] key) {
        int slot = JedisClusterCRC16.getSlot(key);
        HostAndPort node = connections.getNode(slot);
        if (node == null) {
            connections.renewSlotCache();
            node = connections.getNode(slot);
        }
        if (node == null) {
            throw new JedisClusterOperationException(
                    "No Redis Cluster node serves slot " + slot + " (" + describe() + ")");
        }
        return JedisConfigs.address(node);
    }

    @Override
    public List<RedisAddress> masters() {
        return connections.getPrimaryNodes().keySet().stream()
                .map(HostAndPort::from)
                .map(JedisConfigs::address)
                .sorted(
                        (a, b) ->
                                a.host().equals(b.host())
                                        ? Integer.compare(a.port(), b.port())
                                        : a.host().compareTo(b.host()))
                .toList();
    }

    @Override
    public Optional<List<RedisAddress>> slotMasters(int firstSlot, int endSlot) {
        List<RedisAddress> masters = masters();
        Set<RedisAddress> known = new HashSet<>(masters);
        List<RedisAddress> owners = new ArrayList<>(Math.max(0, endSlot - firstSlot));
        for (int slot = firstSlot; slot < endSlot; slot++) {
            HostAndPort node = connections.getNode(slot);
            RedisAddress owner = node == null ? null : JedisConfigs.address(node);
            if (owner == null || !known.contains(owner)) {
                return Optional.empty(); // a slot without a master in the map: cannot tell
            }
            owners.add(owner);
        }
        if (anySlotMigrating(masters)) {
            return Optional.empty();
        }
        return Optional.of(owners);
    }

    /**
     * Whether a master reports a slot MIGRATING or IMPORTING in its {@code CLUSTER NODES} line
     * ({@code [slot->-id]}, {@code [slot-<-id]}): the slot's keys are then split between two
     * masters, one of which the slot map does not name.
     */
    private boolean anySlotMigrating(List<RedisAddress> masters) {
        for (RedisAddress master : masters) {
            try (Connection connection = connection(master)) {
                connection.sendCommand(Protocol.Command.CLUSTER, Protocol.ClusterKeyword.NODES);
                String nodes = connection.getBulkReply();
                if (nodes == null || nodes.contains("->-") || nodes.contains("-<-")) {
                    return true;
                }
            } catch (RuntimeException e) {
                return true; // cannot tell: read every master (which names the failure if any)
            }
        }
        return false;
    }

    @Override
    public Connection connection(RedisAddress node) {
        try {
            return connections.getConnection(JedisConfigs.hostAndPort(node));
        } catch (RuntimeException e) {
            throw RedisClientErrors.cannotConnect(node, e);
        }
    }

    @Override
    public void refreshTopology() {
        try {
            connections.renewSlotCache();
        } catch (RuntimeException e) {
            // the next attempt fails with the real reason; the slot map stays as it was
        }
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "Redis " + describe();
    }
}
