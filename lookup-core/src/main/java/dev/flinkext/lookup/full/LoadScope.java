package dev.flinkext.lookup.full;

import dev.flinkext.lookup.partition.KeyPartitioning;

import org.apache.flink.table.data.RowData;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Optional;
import java.util.Set;

/**
 * Which share of a dimension table a FULL cache loads: everything ({@link #all()}), or only the
 * keys that one subtask of n owns by a {@link KeyPartitioning} (hash-partitioned lookup joins: the
 * planner routes each key to that subtask, so the others never ask for it).
 *
 * @param subtask this subtask's index, 0-based
 * @param numSubtasks the number of subtasks sharing the table; 1 means everything
 * @param partitioning who owns which key; null exactly when the scope is everything
 */
public record LoadScope(int subtask, int numSubtasks, @Nullable KeyPartitioning partitioning)
        implements Serializable {

    public LoadScope {
        if (numSubtasks < 1 || subtask < 0 || subtask >= numSubtasks) {
            throw new IllegalArgumentException(
                    "Invalid load scope: subtask " + subtask + " of " + numSubtasks);
        }
        if ((numSubtasks > 1) != (partitioning != null)) {
            throw new IllegalArgumentException(
                    "A share of the table needs a partitioning, all of it none: subtask "
                            + subtask
                            + " of "
                            + numSubtasks);
        }
    }

    public static LoadScope all() {
        return new LoadScope(0, 1, null);
    }

    /** Subtask {@code subtask} of {@code numSubtasks}'s keys; everything when there is one. */
    public static LoadScope of(int subtask, int numSubtasks, KeyPartitioning partitioning) {
        return numSubtasks == 1 ? all() : new LoadScope(subtask, numSubtasks, partitioning);
    }

    public boolean isAll() {
        return numSubtasks == 1;
    }

    /**
     * Whether the lookup key {@code key} (fields in {@code LookupContext.getKeys()} order) is ours.
     */
    public boolean owns(RowData key) {
        return isAll() || partitioning.owns(key, subtask, numSubtasks);
    }

    /**
     * The store partitions (tablets, shards, nodes) that can hold this share's keys, so a loader
     * may skip the others whole; empty: read them all (the cache drops the rows of other subtasks).
     */
    public Optional<Set<String>> storePartitions() {
        return isAll() ? Optional.empty() : partitioning.storePartitionsOf(subtask, numSubtasks);
    }

    @Override
    public String toString() {
        return isAll() ? "all" : "subtask " + subtask + " of " + numSubtasks;
    }
}
