package dev.flinkext.connector.redis.sink;

import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * One Redis write, ready to be queued on a node's pipeline: what a {@link RedisCommandMapper} makes
 * of a row. Built by the static factories below; {@link #key()} decides the node.
 */
public final class RedisCommand {

    private final String name;
    private final byte[] key;
    private final boolean writesValue;
    private final Function<Pipeline, Response<?>> step;

    private RedisCommand(
            String name, byte[] key, boolean writesValue, Function<Pipeline, Response<?>> step) {
        this.name = name;
        this.key = key;
        this.writesValue = writesValue;
        this.step = step;
    }

    public static RedisCommand set(byte[] key, byte[] value) {
        return new RedisCommand("SET", key, true, p -> p.set(key, value));
    }

    public static RedisCommand del(byte[] key) {
        return new RedisCommand("DEL", key, false, p -> p.del(key));
    }

    public static RedisCommand hset(byte[] key, Map<byte[], byte[]> fields) {
        return new RedisCommand("HSET", key, true, p -> p.hset(key, fields));
    }

    public static RedisCommand hdel(byte[] key, byte[]... fields) {
        return new RedisCommand("HDEL", key, false, p -> p.hdel(key, fields));
    }

    public static RedisCommand rpush(byte[] key, byte[] value) {
        return new RedisCommand("RPUSH", key, true, p -> p.rpush(key, value));
    }

    public static RedisCommand lpush(byte[] key, byte[] value) {
        return new RedisCommand("LPUSH", key, true, p -> p.lpush(key, value));
    }

    /** Removes {@code count} occurrences (negative: from the tail). */
    public static RedisCommand lrem(byte[] key, long count, byte[] value) {
        return new RedisCommand("LREM", key, false, p -> p.lrem(key, count, value));
    }

    public static RedisCommand sadd(byte[] key, byte[] member) {
        return new RedisCommand("SADD", key, true, p -> p.sadd(key, member));
    }

    public static RedisCommand srem(byte[] key, byte[] member) {
        return new RedisCommand("SREM", key, false, p -> p.srem(key, member));
    }

    public static RedisCommand zadd(byte[] key, double score, byte[] member) {
        return new RedisCommand("ZADD", key, true, p -> p.zadd(key, score, member));
    }

    public static RedisCommand zrem(byte[] key, byte[] member) {
        return new RedisCommand("ZREM", key, false, p -> p.zrem(key, member));
    }

    public static RedisCommand zincrby(byte[] key, double increment, byte[] member) {
        return new RedisCommand("ZINCRBY", key, true, p -> p.zincrby(key, increment, member));
    }

    public static RedisCommand incrBy(byte[] key, long increment) {
        return new RedisCommand("INCRBY", key, true, p -> p.incrBy(key, increment));
    }

    public static RedisCommand incrByFloat(byte[] key, double increment) {
        return new RedisCommand("INCRBYFLOAT", key, true, p -> p.incrByFloat(key, increment));
    }

    public static RedisCommand hincrBy(byte[] key, byte[] field, long increment) {
        return new RedisCommand("HINCRBY", key, true, p -> p.hincrBy(key, field, increment));
    }

    public static RedisCommand hincrByFloat(byte[] key, byte[] field, double increment) {
        return new RedisCommand(
                "HINCRBYFLOAT", key, true, p -> p.hincrByFloat(key, field, increment));
    }

    /** PUBLISH {@code message} on {@code channel} (routed like a key). */
    public static RedisCommand publish(byte[] channel, byte[] message) {
        return new RedisCommand(
                "PUBLISH",
                channel,
                false,
                p -> p.sendCommand(Protocol.Command.PUBLISH, channel, message));
    }

    public static RedisCommand pexpire(byte[] key, long millis) {
        return new RedisCommand("PEXPIRE", key, false, p -> p.pexpire(key, millis));
    }

    /** The command's name, e.g. HSET. */
    public String name() {
        return name;
    }

    /** The key (or channel) the command works on; decides its cluster node. */
    public byte[] key() {
        return key;
    }

    /** Whether the command creates or changes the key's value (then {@code sink.ttl} applies). */
    public boolean writesValue() {
        return writesValue;
    }

    /** Queues the command on {@code pipeline}; its reply arrives in the returned response. */
    public Response<?> enqueue(Pipeline pipeline) {
        return step.apply(pipeline);
    }

    /** The key as text for messages (Redis keys are bytes; ours are UTF-8 text but BINARY). */
    public String keyText() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** {@code NAME 'key'}; never values, which may be sensitive. */
    @Override
    public String toString() {
        return name + " '" + keyText() + "'";
    }
}
