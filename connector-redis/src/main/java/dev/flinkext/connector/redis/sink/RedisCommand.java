package dev.flinkext.connector.redis.sink;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.Rawable;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Redis write, ready to be queued on a node's pipeline: what a {@link RedisCommandMapper} makes
 * of a row. Built by the static factories below; {@link #key()} decides the node.
 */
public abstract class RedisCommand {

    /** How a command behaves when sent again or out of order (see sink-core's EntryTraits). */
    public enum Replay {
        /** Sending it again after later writes of its key, then those again, changes nothing. */
        IDEMPOTENT,
        /** Its effect does not depend on its order among its key's writes (increments). */
        COMMUTATIVE,
        /** Neither (list pushes, messages): a reordering cannot be repaired. */
        NEITHER
    }

    /**
     * Builds every command's arguments (and reply builder), as a pipeline's own would: its methods
     * keep no state per command, so one instance serves every thread.
     */
    private static final CommandObjects COMMANDS = new CommandObjects();

    /** Bytes of framing per command and argument, for the buffer's size estimate. */
    private static final int OVERHEAD = 16;

    private final String name;
    private final byte[] key;
    private final boolean writesValue;
    private final Replay replay;
    private final int sizeInBytes;

    private RedisCommand(
            String name, byte[] key, boolean writesValue, Replay replay, int argumentBytes) {
        this.name = name;
        this.key = key;
        this.writesValue = writesValue;
        this.replay = replay;
        this.sizeInBytes = OVERHEAD + key.length + argumentBytes;
    }

    /**
     * The command's arguments and reply builder. Each factory below is a subclass holding its own
     * arguments (one object per command; a lambda would be a second one per buffered row).
     */
    abstract CommandObject<?> build(CommandObjects commands);

    private static final byte[] SET = ascii("SET");
    private static final byte[] DEL = ascii("DEL");
    private static final byte[] HSET = ascii("HSET");

    public static RedisCommand set(byte[] key, byte[] value) {
        return new RedisCommand("SET", key, true, Replay.IDEMPOTENT, value.length) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.set(key(), value);
            }

            @Override
            byte[][] words() {
                return new byte[][] {SET, key(), value};
            }
        };
    }

    public static RedisCommand del(byte[] key) {
        return new RedisCommand("DEL", key, false, Replay.IDEMPOTENT, 0) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.del(key());
            }

            @Override
            byte[][] words() {
                return new byte[][] {DEL, key()};
            }
        };
    }

    public static RedisCommand hset(byte[] key, Map<byte[], byte[]> fields) {
        return hset(key, fields, bytes(fields));
    }

    /**
     * HSET whose caller summed {@link #fieldBytes} while building {@code fields}, so the map is not
     * iterated once more per row for the size estimate.
     */
    static RedisCommand hset(byte[] key, Map<byte[], byte[]> fields, int fieldBytes) {
        return new RedisCommand("HSET", key, true, Replay.IDEMPOTENT, fieldBytes) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.hset(key(), fields);
            }

            @Override
            byte[][] words() {
                byte[][] words = new byte[2 + 2 * fields.size()][];
                words[0] = HSET;
                words[1] = key();
                int i = 2;
                for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
                    words[i++] = field.getKey();
                    words[i++] = field.getValue();
                }
                return words;
            }
        };
    }

    /**
     * HSET of {@code fields[i]} to {@code values[i]}, in that order, for a caller that encodes a
     * row's fields into arrays (no map per row); {@code fieldBytes} as for {@link #hset(byte[],
     * Map, int)}. The arrays are the command's from here on.
     */
    static RedisCommand hset(
            byte[] key, byte[][] fields, byte[][] values, int count, int fieldBytes) {
        return new RedisCommand("HSET", key, true, Replay.IDEMPOTENT, fieldBytes) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                Map<byte[], byte[]> map = new LinkedHashMap<>(count * 4 / 3 + 1);
                for (int i = 0; i < count; i++) {
                    map.put(fields[i], values[i]);
                }
                return c.hset(key(), map);
            }

            @Override
            byte[][] words() {
                byte[][] words = new byte[2 + 2 * count][];
                words[0] = HSET;
                words[1] = key();
                for (int i = 0; i < count; i++) {
                    words[2 + 2 * i] = fields[i];
                    words[3 + 2 * i] = values[i];
                }
                return words;
            }
        };
    }

    public static RedisCommand hdel(byte[] key, byte[]... fields) {
        return new RedisCommand("HDEL", key, false, Replay.IDEMPOTENT, bytes(fields)) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.hdel(key(), fields);
            }
        };
    }

    public static RedisCommand rpush(byte[] key, byte[] value) {
        return new RedisCommand("RPUSH", key, true, Replay.NEITHER, value.length) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.rpush(key(), value);
            }
        };
    }

    public static RedisCommand lpush(byte[] key, byte[] value) {
        return new RedisCommand("LPUSH", key, true, Replay.NEITHER, value.length) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.lpush(key(), value);
            }
        };
    }

    /** Removes {@code count} occurrences (negative: from the tail). */
    public static RedisCommand lrem(byte[] key, long count, byte[] value) {
        return new RedisCommand("LREM", key, false, Replay.NEITHER, value.length) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.lrem(key(), count, value);
            }
        };
    }

    public static RedisCommand sadd(byte[] key, byte[] member) {
        return new RedisCommand("SADD", key, true, Replay.IDEMPOTENT, member.length) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.sadd(key(), member);
            }
        };
    }

    public static RedisCommand srem(byte[] key, byte[] member) {
        return new RedisCommand("SREM", key, false, Replay.IDEMPOTENT, member.length) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.srem(key(), member);
            }
        };
    }

    public static RedisCommand zadd(byte[] key, double score, byte[] member) {
        return new RedisCommand("ZADD", key, true, Replay.IDEMPOTENT, member.length + 8) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.zadd(key(), score, member);
            }
        };
    }

    public static RedisCommand zrem(byte[] key, byte[] member) {
        return new RedisCommand("ZREM", key, false, Replay.IDEMPOTENT, member.length) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.zrem(key(), member);
            }
        };
    }

    public static RedisCommand zincrby(byte[] key, double increment, byte[] member) {
        return new RedisCommand("ZINCRBY", key, true, Replay.COMMUTATIVE, member.length + 8) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.zincrby(key(), increment, member);
            }
        };
    }

    public static RedisCommand incrBy(byte[] key, long increment) {
        return new RedisCommand("INCRBY", key, true, Replay.COMMUTATIVE, 8) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.incrBy(key(), increment);
            }
        };
    }

    public static RedisCommand incrByFloat(byte[] key, double increment) {
        return new RedisCommand("INCRBYFLOAT", key, true, Replay.COMMUTATIVE, 8) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.incrByFloat(key(), increment);
            }
        };
    }

    public static RedisCommand hincrBy(byte[] key, byte[] field, long increment) {
        return new RedisCommand("HINCRBY", key, true, Replay.COMMUTATIVE, field.length + 8) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.hincrBy(key(), field, increment);
            }
        };
    }

    public static RedisCommand hincrByFloat(byte[] key, byte[] field, double increment) {
        return new RedisCommand("HINCRBYFLOAT", key, true, Replay.COMMUTATIVE, field.length + 8) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.hincrByFloat(key(), field, increment);
            }
        };
    }

    /** PUBLISH {@code message} on {@code channel} (routed like a key). */
    public static RedisCommand publish(byte[] channel, byte[] message) {
        return new RedisCommand("PUBLISH", channel, false, Replay.NEITHER, message.length) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.publish(key(), message);
            }
        };
    }

    public static RedisCommand pexpire(byte[] key, long millis) {
        return new RedisCommand("PEXPIRE", key, false, Replay.IDEMPOTENT, 8) {
            @Override
            CommandObject<?> build(CommandObjects c) {
                return c.pexpire(key(), millis);
            }
        };
    }

    private static int bytes(Map<byte[], byte[]> fields) {
        int bytes = 0;
        for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
            bytes += fieldBytes(field.getKey(), field.getValue());
        }
        return bytes;
    }

    /** A hash field's share of an HSET's size estimate. */
    static int fieldBytes(byte[] field, byte[] value) {
        return OVERHEAD + field.length + value.length;
    }

    private static int bytes(byte[][] fields) {
        int bytes = 0;
        for (byte[] field : fields) {
            bytes += OVERHEAD + field.length;
        }
        return bytes;
    }

    /** How the command behaves when sent again or out of order. */
    public Replay replay() {
        return replay;
    }

    /** Estimated bytes on the wire. */
    public int sizeInBytes() {
        return sizeInBytes;
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
        return pipeline.appendCommand(build(COMMANDS));
    }

    /**
     * The command as it goes on the wire, for a writer that sends it on a connection itself and
     * reads the reply raw (no {@link Response} per command).
     */
    CommandArguments arguments() {
        return build(COMMANDS).getArguments();
    }

    /**
     * The command as it goes on the wire, word by word (name, key, arguments): what {@link
     * #arguments()} holds, without its list and wrapper per word. The commands most sinks write
     * (SET, DEL, HSET) build it directly; the others from their jedis arguments.
     */
    byte[][] words() {
        CommandArguments arguments = arguments();
        byte[][] words = new byte[arguments.size()][];
        int i = 0;
        for (Rawable word : arguments) {
            words[i++] = word.getRaw();
        }
        return words;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
