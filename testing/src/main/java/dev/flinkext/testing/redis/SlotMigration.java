package dev.flinkext.testing.redis;

import dev.flinkext.testing.process.Poll;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.MigrateParams;

import java.time.Duration;
import java.util.List;

/**
 * One hash slot moving from its master to another, step by step as {@code redis-cli --cluster
 * reshard} does it, so a test can hold each phase while a job runs:
 *
 * <ol>
 *   <li>{@link RedisCluster#startMigration}: the target is IMPORTING, the source MIGRATING. The
 *       source now answers {@code ASK} for every key of the slot it no longer holds (and {@code
 *       TRYAGAIN} for a multi-key command whose keys are split between the two).
 *   <li>{@link #moveKeys}: {@code MIGRATE} a batch of the slot's keys to the target.
 *   <li>{@link #finish}: the remaining keys, then {@code CLUSTER SETSLOT <slot> NODE <target>} on
 *       every master; from then on the source answers {@code MOVED}.
 * </ol>
 */
public final class SlotMigration {

    private static final int MIGRATE_TIMEOUT_MS = 5000;
    private static final Duration AGREE_TIMEOUT = Duration.ofSeconds(30);

    private final RedisCluster cluster;
    private final int slot;
    private final RedisServer source;
    private final RedisServer target;
    private boolean finished;

    private SlotMigration(RedisCluster cluster, int slot, RedisServer source, RedisServer target) {
        this.cluster = cluster;
        this.slot = slot;
        this.source = source;
        this.target = target;
    }

    static SlotMigration start(RedisCluster cluster, int slot, RedisServer target) {
        RedisServer source = cluster.ownerOf(slot);
        if (source.equals(target)) {
            throw new IllegalArgumentException(
                    "Slot " + slot + " already belongs to " + target + ": nothing to migrate");
        }
        // IMPORTING before MIGRATING, as redis-cli does: a client sent to the target by an ASK
        // must find it ready
        try (Jedis to = target.newJedis();
                Jedis from = source.newJedis()) {
            to.clusterSetSlotImporting(slot, from.clusterMyId());
            from.clusterSetSlotMigrating(slot, to.clusterMyId());
        }
        return new SlotMigration(cluster, slot, source, target);
    }

    /** Moves up to {@code max} of the slot's keys still on the source; returns how many moved. */
    public int moveKeys(int max) {
        try (Jedis from = source.newJedis()) {
            List<String> keys = from.clusterGetKeysInSlot(slot, max);
            if (!keys.isEmpty()) {
                from.migrate(
                        target.host(),
                        target.port(),
                        0,
                        MIGRATE_TIMEOUT_MS,
                        new MigrateParams().replace(),
                        keys.toArray(String[]::new));
            }
            return keys.size();
        }
    }

    /** How many of the slot's keys are still on the source. */
    public long keysLeftOnSource() {
        try (Jedis from = source.newJedis()) {
            return from.clusterCountKeysInSlot(slot);
        }
    }

    /**
     * Moves the remaining keys in batches of {@code batch}, gives the slot to the target on every
     * master, and waits until every master's slot map names the target.
     */
    public void finish(int batch) {
        while (moveKeys(batch) > 0) {
            // until the source holds none of the slot's keys
        }
        try (Jedis to = target.newJedis()) {
            String targetId = to.clusterMyId();
            // the target first: it bumps its config epoch, so gossip cannot undo the move
            to.clusterSetSlotNode(slot, targetId);
            for (RedisServer master : cluster.masters()) {
                if (!master.equals(target)) {
                    try (Jedis jedis = master.newJedis()) {
                        jedis.clusterSetSlotNode(slot, targetId);
                    }
                }
            }
        }
        finished = true;
        Poll.until(
                "every master of " + cluster.nodes() + " to give slot " + slot + " to " + target,
                AGREE_TIMEOUT,
                () -> {},
                () -> cluster.masters().stream().allMatch(m -> ownerSeenBy(m).equals(target)));
    }

    private RedisServer ownerSeenBy(RedisServer master) {
        return cluster.ownerOf(slot, master);
    }

    public int slot() {
        return slot;
    }

    /** The master the slot leaves. */
    public RedisServer source() {
        return source;
    }

    /** The master the slot goes to. */
    public RedisServer target() {
        return target;
    }

    /** Whether {@link #finish} gave the slot to the target. */
    public boolean isFinished() {
        return finished;
    }

    @Override
    public String toString() {
        return "slot " + slot + " from " + source + " to " + target;
    }
}
