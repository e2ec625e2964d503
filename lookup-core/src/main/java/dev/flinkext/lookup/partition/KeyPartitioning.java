package dev.flinkext.lookup.partition;

import org.apache.flink.table.data.RowData;

import java.io.Serializable;
import java.util.Optional;
import java.util.Set;

/**
 * Which subtask of n a lookup key belongs to. One answer drives both sides of a partitioned lookup
 * join: the partitioner that routes the probe rows, and the FULL-load filter that keeps only this
 * subtask's keys. Both must agree, so both must ask the same instance.
 *
 * <p>The key row may be any {@link RowData} implementation: the planner hands a partitioner a
 * {@code BinaryRowData} while {@code KeyProjection} builds a {@code GenericRowData}. An
 * implementation must therefore read field values, never {@code RowData.hashCode()}.
 */
public interface KeyPartitioning extends Serializable {

    /**
     * The subtask, in {@code [0, numSubtasks)}, that owns {@code key}.
     *
     * @param key the lookup key row, fields in the order of {@code LookupContext.getKeys()}
     */
    int subtaskOf(RowData key, int numSubtasks);

    /**
     * Whether subtask {@code subtask} may receive {@code key}, so its FULL cache must hold it. For
     * a deterministic partitioning, exactly when {@link #subtaskOf} names it; one that spreads a
     * key over several subtasks ({@link HotKeySpreading}) says yes for each of them.
     */
    default boolean owns(RowData key, int subtask, int numSubtasks) {
        return subtaskOf(key, numSubtasks) == subtask;
    }

    /**
     * Whether {@link #subtaskOf} always answers the same for the same key. Flink applies a
     * partitioner that is not deterministic to insert-only inputs only: for an updating input it
     * keeps the input's distribution (the changes of one key must stay in order).
     */
    default boolean isDeterministic() {
        return true;
    }

    /**
     * The store partitions (tablets, shards, ...) that can hold keys of {@code subtask}, so a FULL
     * load may skip the others whole; empty means "cannot tell: read every partition and filter".
     */
    default Optional<Set<String>> storePartitionsOf(int subtask, int numSubtasks) {
        return Optional.empty();
    }
}
