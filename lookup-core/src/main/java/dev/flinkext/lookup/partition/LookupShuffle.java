package dev.flinkext.lookup.partition;

import org.apache.flink.table.connector.source.abilities.SupportsLookupCustomShuffle;

import javax.annotation.Nullable;

import java.util.Optional;

/**
 * The custom shuffle of one lookup source instance ({@link SupportsLookupCustomShuffle}): the
 * planner first builds the lookup's runtime provider (which publishes its key partitioning here,
 * see {@code LookupProviderBuilder.shuffle}), then asks the same instance for the partitioner. Each
 * source instance (and each {@code copy()}) needs its own: two lookup joins of one table may join
 * on different keys.
 */
public final class LookupShuffle {

    private @Nullable KeyPartitioning partitioning;

    /** Called by the provider builder with the partitioning of the lookup it built. */
    public void set(KeyPartitioning partitioning) {
        this.partitioning = partitioning;
    }

    /**
     * For {@code SupportsLookupCustomShuffle.getPartitioner()}: the partitioner of the last lookup
     * built; empty before any (then the planner keeps the input's distribution).
     */
    public Optional<SupportsLookupCustomShuffle.InputDataPartitioner> partitioner() {
        return Optional.ofNullable(partitioning).map(KeyPartitioner::new);
    }
}
