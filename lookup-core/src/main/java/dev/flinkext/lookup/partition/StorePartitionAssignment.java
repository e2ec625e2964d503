package dev.flinkext.lookup.partition;

import org.apache.flink.table.data.RowData;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * How a store's numbered partitions (shards, hash buckets) map onto n subtasks, for partitioners
 * aligned to them: with at most as many subtasks as partitions, subtask i takes the partitions p
 * with {@code p % n == i}; with more, partition p is shared by the subtasks {@code p, p + P, p +
 * 2P, ...} (P partitions), each taking the keys a hash of their values gives it. So a subtask's
 * keys come from as few partitions as the counts allow, and every subtask gets some.
 */
public final class StorePartitionAssignment {

    private StorePartitionAssignment() {}

    /**
     * The subtask of {@code key}, which lives in partition {@code partition} of {@code partitions}.
     *
     * @param withinPartition spreads a shared partition's keys (a hash of the key's values)
     */
    public static int subtaskOf(
            int partition,
            int partitions,
            RowData key,
            int numSubtasks,
            KeyPartitioning withinPartition) {
        if (numSubtasks < 1) {
            throw new IllegalArgumentException("numSubtasks must be at least 1: " + numSubtasks);
        }
        if (numSubtasks <= partitions) {
            return partition % numSubtasks;
        }
        int sharing = (numSubtasks - 1 - partition) / partitions + 1;
        return partition + partitions * withinPartition.subtaskOf(key, sharing);
    }

    /** The partitions whose keys subtask {@code subtask} of {@code numSubtasks} may get. */
    public static Set<Integer> partitionsOf(int subtask, int numSubtasks, int partitions) {
        Set<Integer> owned = new LinkedHashSet<>();
        if (numSubtasks <= partitions) {
            for (int partition = subtask; partition < partitions; partition += numSubtasks) {
                owned.add(partition);
            }
        } else {
            owned.add(subtask % partitions);
        }
        return owned;
    }

    /** {@link #partitionsOf} named by {@code names} (index → the store's name for it). */
    public static Set<String> partitionNamesOf(
            int subtask, int numSubtasks, int partitions, IntFunction<String> names) {
        Set<String> named = new LinkedHashSet<>();
        for (int partition : partitionsOf(subtask, numSubtasks, partitions)) {
            named.add(names.apply(partition));
        }
        return named;
    }
}
