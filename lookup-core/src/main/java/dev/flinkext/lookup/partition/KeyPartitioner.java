package dev.flinkext.lookup.partition;

import org.apache.flink.table.connector.source.abilities.SupportsLookupCustomShuffle;
import org.apache.flink.table.data.RowData;

import java.util.Objects;

/**
 * A {@link KeyPartitioning} as the planner's lookup-join partitioner: the planner hands it each
 * input row's lookup key (fields in {@code LookupContext.getKeys()} order), and the FULL cache of
 * the subtask it names loads exactly that subtask's keys with the same {@link KeyPartitioning}.
 * Deterministic unless the partitioning spreads hot keys: the planner applies a deterministic one
 * to updating inputs too (the changes of one key keep their order: they all go to one subtask), the
 * other to insert-only inputs only.
 */
public final class KeyPartitioner implements SupportsLookupCustomShuffle.InputDataPartitioner {

    private static final long serialVersionUID = 1L;

    private final KeyPartitioning partitioning;

    public KeyPartitioner(KeyPartitioning partitioning) {
        this.partitioning = Objects.requireNonNull(partitioning, "partitioning");
    }

    @Override
    public int partition(RowData joinKeys, int numPartitions) {
        return partitioning.subtaskOf(joinKeys, numPartitions);
    }

    @Override
    public boolean isDeterministic() {
        return partitioning.isDeterministic();
    }

    public KeyPartitioning partitioning() {
        return partitioning;
    }

    @Override
    public String toString() {
        return "KeyPartitioner{" + partitioning + '}';
    }
}
