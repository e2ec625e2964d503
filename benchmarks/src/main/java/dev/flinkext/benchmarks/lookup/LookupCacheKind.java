package dev.flinkext.benchmarks.lookup;

/** The lookup cache of a {@link PartitionedLookupBenchmark} dimension table. */
enum LookupCacheKind {
    PARTIAL,
    FULL;

    /** The WITH options: a PARTIAL cache of {@code maxRows} rows (no eviction), or a FULL one. */
    String options(int maxRows) {
        return switch (this) {
            case PARTIAL ->
                    "'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '"
                            + maxRows
                            + "', 'lookup.partial-cache.expire-after-write' = '1 h'";
            case FULL ->
                    "'lookup.cache' = 'FULL', 'lookup.full-cache.periodic-reload.interval' = '1 h'";
        };
    }
}
