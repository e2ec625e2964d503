package dev.flinkext.connector.clickhouse.lookup;

import dev.flinkext.connector.clickhouse.sharding.ShardRouter;
import dev.flinkext.lookup.partition.FieldHashKeyPartitioning;
import dev.flinkext.lookup.partition.KeyPartitioning;
import dev.flinkext.lookup.partition.StorePartitionAssignment;

import org.apache.flink.table.data.RowData;

import java.util.Optional;
import java.util.Set;

/**
 * Partitioned lookup joins of a Distributed table sharded by the lookup key: a key goes to a
 * subtask that reads only the key's shard, as the server places the key ({@link ShardRouter}). With
 * at most as many subtasks as shards, subtask i takes the shards s with {@code s % n == i}; with
 * more, shard s is shared by the subtasks {@code s, s + S, s + 2S, ...} (S shards), each taking the
 * keys a hash of their values gives it. So a subtask's FULL load reads its shards' local tables
 * only ({@link #storePartitionsOf}), and its batches each go to one shard.
 *
 * <p>Serializable: the planner runs it in the task before the lookup join; the router (not
 * serializable, not thread-safe) is rebuilt per thread.
 */
public final class ClickHouseShardPartitioning implements KeyPartitioning {

    private static final long serialVersionUID = 1L;

    private final ClickHouseLookupTable table;
    private final FieldHashKeyPartitioning withinShard;
    private transient ThreadLocal<ShardRouter> routers;

    /**
     * @param table a lookup table routed by key ({@link ClickHouseLookupTable#routedByKey()})
     */
    public ClickHouseShardPartitioning(ClickHouseLookupTable table) {
        if (!table.routedByKey()) {
            throw new IllegalArgumentException(table + " is not sharded by its lookup key");
        }
        this.table = table;
        this.withinShard = FieldHashKeyPartitioning.of(table.keyTypes());
    }

    /** The store partition name of shard {@code index} (0-based, in the layout's order). */
    public static String shardName(int index) {
        return "shard-" + index;
    }

    @Override
    public int subtaskOf(RowData key, int numSubtasks) {
        if (routers == null) {
            routers = ThreadLocal.withInitial(table::newRouter);
        }
        return StorePartitionAssignment.subtaskOf(
                routers.get().shardOf(key), table.shardCount(), key, numSubtasks, withinShard);
    }

    @Override
    public Optional<Set<String>> storePartitionsOf(int subtask, int numSubtasks) {
        return Optional.of(
                StorePartitionAssignment.partitionNamesOf(
                        subtask,
                        numSubtasks,
                        table.shardCount(),
                        ClickHouseShardPartitioning::shardName));
    }

    @Override
    public String toString() {
        return "ClickHouseShardPartitioning{" + table + '}';
    }
}
