package dev.flinkext.connector.redis.lookup;

import dev.flinkext.connector.redis.mapping.RedisKeyEncoder;
import dev.flinkext.lookup.partition.KeyPartitioning;

import org.apache.flink.table.data.RowData;

import redis.clients.jedis.util.JedisClusterCRC16;

import java.util.Objects;

/**
 * The lookup partitioning of a Redis Cluster table: a lookup key goes to the subtask whose range of
 * hash slots holds its Redis key's slot ({@code CRC16} of the key, or of its {@code {hash tag}}, as
 * Redis computes it). Subtask {@code i} of {@code n} owns the contiguous slots {@code [ceil(i *
 * 16384 / n), ceil((i + 1) * 16384 / n))}, i.e. {@code subtask = slot * n / 16384}.
 *
 * <p>Why: masters own contiguous slot ranges, so a subtask's keys live on one or two masters and
 * its batches span few slots (the reader sends one pipeline per node and one MGET per slot),
 * instead of every subtask talking to every master as with a hash of the key's values. The Redis
 * key is built by the reader's own {@link RedisKeyEncoder} (same prefix, separator and column
 * order), so the planner's routing, the FULL cache's share and the reads agree on every key.
 *
 * <p>A key with a null Redis key column (never in Redis: always a miss) goes to subtask 0.
 *
 * <p>{@link #storePartitionsOf} stays empty: which master owns a slot is known only at load time,
 * so {@link RedisFullCacheLoader} asks the cluster for the master of each slot of a share's range
 * itself (and then reads just those slots, when the slot map is exact).
 */
public final class RedisSlotPartitioning implements KeyPartitioning {

    private static final long serialVersionUID = 1L;

    /** The hash slots of a Redis Cluster. */
    public static final int SLOTS = 16384;

    private final RedisLookupKeys lookupKeys;

    /** Built on first use after deserialization; stateless, so load threads may share it. */
    private transient volatile RedisKeyEncoder encoder;

    private RedisSlotPartitioning(RedisLookupKeys lookupKeys) {
        this.lookupKeys = Objects.requireNonNull(lookupKeys, "lookupKeys");
    }

    /** Partitions lookup key rows of the layout {@code lookupKeys} by their Redis key's slot. */
    public static RedisSlotPartitioning of(RedisLookupKeys lookupKeys) {
        return new RedisSlotPartitioning(lookupKeys);
    }

    @Override
    public int subtaskOf(RowData key, int numSubtasks) {
        if (numSubtasks < 1) {
            throw new IllegalArgumentException("numSubtasks must be at least 1: " + numSubtasks);
        }
        if (lookupKeys.hasNullRedisKey(key)) {
            return 0;
        }
        return subtaskOfSlot(slotOf(key), numSubtasks);
    }

    /** The hash slot of {@code key}'s Redis key; the key's Redis key columns must not be null. */
    public int slotOf(RowData key) {
        return JedisClusterCRC16.getSlot(encoder().encode(key));
    }

    /** The subtask of {@code numSubtasks} that owns {@code slot}: {@code slot * n / 16384}. */
    public static int subtaskOfSlot(int slot, int numSubtasks) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("Not a Redis Cluster slot: " + slot);
        }
        return (int) ((long) slot * numSubtasks / SLOTS);
    }

    /**
     * The first slot of {@code subtask}'s range; its range ends before the next subtask's first
     * slot ({@code 16384} past the last subtask). Empty when there are more subtasks than slots.
     */
    public static int firstSlotOf(int subtask, int numSubtasks) {
        if (numSubtasks < 1 || subtask < 0 || subtask > numSubtasks) {
            throw new IllegalArgumentException("Invalid subtask " + subtask + " of " + numSubtasks);
        }
        // the least slot s with s * n / SLOTS >= subtask: ceil(subtask * SLOTS / n)
        return (int) (((long) subtask * SLOTS + numSubtasks - 1) / numSubtasks);
    }

    private RedisKeyEncoder encoder() {
        RedisKeyEncoder e = encoder;
        if (e == null) {
            e = lookupKeys.keyEncoder();
            encoder = e;
        }
        return e;
    }

    @Override
    public String toString() {
        return "RedisSlotPartitioning{contiguous hash slot ranges}";
    }
}
