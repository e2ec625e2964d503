package dev.flinkext.benchmarks.lookup;

/** How {@link PartitionedLookupBenchmark} routes the probe rows to the lookup join's subtasks. */
enum LookupPartitioning {
    /**
     * The LOOKUP hint's shuffle on connector-redis, which implements {@code
     * SupportsLookupCustomShuffle}: the cluster's hash-slot ranges (plus {@code 'lookup.shuffle' =
     * 'true'}, so that planning fails should the partitioning ever be dropped).
     */
    PARTITIONED("partitioned", true, "redis", ", 'lookup.shuffle' = 'true'"),
    /** No hint: the source's subtasks feed the join's (forward), as most jobs run today. */
    UNPARTITIONED("unpartitioned", false, "redis", ""),
    /**
     * The same hint on a source without {@code SupportsLookupCustomShuffle} ({@link
     * HashShuffleRedisFactory}): Flink hash-partitions by the join key.
     */
    HASH_SHUFFLE("hash-shuffle", true, HashShuffleRedisFactory.IDENTIFIER, "");

    static final String HINT = "/*+ LOOKUP('table'='d', 'shuffle'='true') */ ";

    private final String label;
    private final boolean hint;
    private final String connector;
    private final String options;

    LookupPartitioning(String label, boolean hint, String connector, String options) {
        this.label = label;
        this.hint = hint;
        this.connector = connector;
        this.options = options;
    }

    String label() {
        return label;
    }

    /** The hint to put after SELECT, or nothing. */
    String hint() {
        return hint ? HINT : "";
    }

    String connector() {
        return connector;
    }

    /** Extra WITH options of the dimension table. */
    String options() {
        return options;
    }

    /** The ship strategy the JSON plan must show into the lookup join. */
    String expectedShipStrategy() {
        return switch (this) {
            case PARTITIONED -> "CUSTOM";
            case UNPARTITIONED -> "FORWARD";
            case HASH_SHUFFLE -> "HASH";
        };
    }
}
