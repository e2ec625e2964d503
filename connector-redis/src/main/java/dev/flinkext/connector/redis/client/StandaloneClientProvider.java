package dev.flinkext.connector.redis.client;

import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisEndpoint;

import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;

/** One server: one pool, one node. */
final class StandaloneClientProvider implements RedisClientProvider {

    private final RedisAddress address;
    private final RedisClient client;

    StandaloneClientProvider(RedisConnectionOptions options, RedisEndpoint.Standalone endpoint) {
        this.address = endpoint.address();
        try {
            this.client =
                    RedisClient.builder()
                            .hostAndPort(JedisConfigs.hostAndPort(address))
                            .clientConfig(JedisConfigs.clientConfig(options, true))
                            .poolConfig(JedisConfigs.poolConfig(options))
                            .build();
        } catch (RuntimeException e) {
            // e.g. a TLS store that is missing here: name the server, as the other modes do
            throw RedisClientErrors.cannotConnect(address, e);
        }
    }

    @Override
    public UnifiedJedis client() {
        return client;
    }

    @Override
    public RedisAddress nodeOf(byte[] key) {
        return address;
    }

    @Override
    public List<RedisAddress> masters() {
        return List.of(address);
    }

    @Override
    public Connection connection(RedisAddress node) {
        try {
            return client.getPool().getResource();
        } catch (RuntimeException e) {
            throw RedisClientErrors.cannotConnect(address, e);
        }
    }

    @Override
    public void refreshTopology() {}

    @Override
    public String describe() {
        return address.toString();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "Redis " + address;
    }
}
