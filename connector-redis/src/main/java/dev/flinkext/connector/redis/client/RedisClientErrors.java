package dev.flinkext.connector.redis.client;

import redis.clients.jedis.exceptions.JedisConnectionException;

/** Error messages that name the server, for failures the user has to act on. */
public final class RedisClientErrors {

    private RedisClientErrors() {}

    /** Cannot reach {@code node}: the message names it and keeps jedis's reason. */
    public static JedisConnectionException cannotConnect(Object node, Throwable cause) {
        return new JedisConnectionException(
                "Cannot connect to Redis at " + node + ": " + rootMessage(cause), cause);
    }

    /** The deepest message of {@code t}'s causes (jedis wraps the socket error several times). */
    public static String rootMessage(Throwable t) {
        String message = String.valueOf(t.getMessage());
        Throwable cause = t.getCause();
        while (cause != null && cause != t) {
            if (cause.getMessage() != null && !message.contains(cause.getMessage())) {
                message = message + " (" + cause.getMessage() + ")";
            }
            t = cause;
            cause = t.getCause();
        }
        return message;
    }
}
