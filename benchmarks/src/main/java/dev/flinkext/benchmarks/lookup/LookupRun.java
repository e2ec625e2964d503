package dev.flinkext.benchmarks.lookup;

import java.util.List;
import java.util.Map;

/**
 * One finished bounded lookup-join job of {@link PartitionedLookupBenchmark}: its net runtime, what
 * each join subtask joined ({@link JoinTracker}), the Redis commands it caused, and the FULL cache
 * loads it logged (keys per load, by subtask; -1 = an unpartitioned load of the whole table).
 */
record LookupRun(
        String label,
        int parallelism,
        long rows,
        long netMillis,
        Map<Integer, JoinTracker.SubtaskJoins> joins,
        RedisCommandCounter.Counts redis,
        List<FullLoad> loads) {

    /** One FULL cache load: the subtask it was for (-1: whole table) and the keys it loaded. */
    record FullLoad(int subtask, int keys) {}

    double rowsPerSecond() {
        return rows * 1000.0 / Math.max(1, netMillis);
    }

    /** The distinct keys joined, summed over the subtasks. */
    long distinctKeysPerSubtaskSum() {
        return joins.values().stream().mapToLong(JoinTracker.SubtaskJoins::distinctKeys).sum();
    }

    long loadedKeys() {
        return loads.stream().mapToLong(FullLoad::keys).sum();
    }

    /** The busiest subtask's rows over the mean rows per subtask (of {@code parallelism}). */
    double maxOverMeanRows() {
        long max =
                joins.values().stream().mapToLong(JoinTracker.SubtaskJoins::rows).max().orElse(0);
        return max / ((double) rows / parallelism);
    }
}
