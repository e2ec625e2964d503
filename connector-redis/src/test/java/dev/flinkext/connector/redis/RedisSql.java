package dev.flinkext.connector.redis;

import dev.flinkext.testing.redis.RedisServer;

/** SQL snippets shared by the connector's SQL tests. */
public final class RedisSql {

    private RedisSql() {}

    /** The WITH-clause options that point a table at {@code server} (standalone, no auth). */
    public static String connection(RedisServer server) {
        return "'connector' = 'redis', 'host' = '"
                + server.host()
                + "', 'port' = '"
                + server.port()
                + "'";
    }
}
