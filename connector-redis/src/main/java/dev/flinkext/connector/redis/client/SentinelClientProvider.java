package dev.flinkext.connector.redis.client;

import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisEndpoint;

import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.SentineledConnectionProvider;

import java.util.List;

/**
 * The master that the Sentinels name; jedis follows failovers (it listens to the Sentinels' {@code
 * +switch-master}), so the node may change between calls.
 */
final class SentinelClientProvider implements RedisClientProvider {

    private final RedisEndpoint.Sentinel endpoint;
    private final SentineledConnectionProvider connections;
    private final RedisSentinelClient client;

    SentinelClientProvider(RedisConnectionOptions options, RedisEndpoint.Sentinel endpoint) {
        this.endpoint = endpoint;
        try {
            this.connections =
                    new SentineledConnectionProvider(
                            endpoint.masterName(),
                            JedisConfigs.clientConfig(options, true),
                            JedisConfigs.poolConfig(options),
                            JedisConfigs.hostAndPorts(endpoint.sentinels()),
                            JedisConfigs.sentinelConfig(options, endpoint));
        } catch (RuntimeException e) {
            throw RedisClientErrors.cannotConnect(describe(), e);
        }
        try {
            this.client =
                    RedisSentinelClient.builder()
                            .masterName(endpoint.masterName())
                            .sentinels(JedisConfigs.hostAndPorts(endpoint.sentinels()))
                            .clientConfig(JedisConfigs.clientConfig(options, true))
                            .sentinelClientConfig(JedisConfigs.sentinelConfig(options, endpoint))
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
        return currentMaster();
    }

    @Override
    public List<RedisAddress> masters() {
        return List.of(currentMaster());
    }

    /** A connection to the current master (the node argument may be outdated after failover). */
    @Override
    public Connection connection(RedisAddress node) {
        try {
            return connections.getConnection();
        } catch (RuntimeException e) {
            throw RedisClientErrors.cannotConnect(currentMaster() + " (" + describe() + ")", e);
        }
    }

    private RedisAddress currentMaster() {
        return JedisConfigs.address(connections.getCurrentMaster());
    }

    @Override
    public void refreshTopology() {
        // jedis's sentinel listener switches the pool on failover by itself
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
