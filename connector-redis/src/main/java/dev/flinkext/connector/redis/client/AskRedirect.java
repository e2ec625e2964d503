package dev.flinkext.connector.redis.client;

import dev.flinkext.connector.redis.config.RedisAddress;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAskDataException;

import java.util.Optional;

/**
 * A Redis Cluster {@code ASK} reply: the slot is migrating and the key is (or will be) on the named
 * node. Unlike {@code MOVED}, no topology refresh cures it until the migration ends: the command
 * must go once more to that node, right after {@code ASKING}, which admits one command there.
 */
public final class AskRedirect {

    private AskRedirect() {}

    /** The node an {@code ASK} reply names; empty for any other error. */
    public static Optional<RedisAddress> targetOf(Throwable error) {
        if (error instanceof JedisAskDataException ask) {
            return Optional.of(JedisConfigs.address(ask.getTargetNode()));
        }
        return Optional.empty();
    }

    /** Queues {@code ASKING}: it admits the command queued next on this node's connection. */
    public static void asking(AbstractPipeline pipeline) {
        pipeline.sendCommand(Protocol.Command.ASKING, new byte[0][]);
    }

    /** Writes {@code ASKING} on {@code connection} (unflushed), before the command it admits. */
    public static void asking(Connection connection) {
        connection.sendCommand(Protocol.Command.ASKING);
    }
}
