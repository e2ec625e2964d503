package dev.flinkext.benchmarks.redis;

/**
 * One way to run the Redis lookup join, as the {@code WITH} options of the dimension table. The
 * cache is off in all of them ({@code 'lookup.cache' = 'NONE'}), so every probe row reaches Redis.
 */
enum LookupJoinVariant {
    /** flinkext: async, keys that arrive together become one MGET / pipelined HGETALL. */
    BATCHED("ours", "'lookup.async' = 'true'"),
    /** Async, one read per key: how existing Redis connectors do async lookups. */
    PER_KEY("reference", "'lookup.async' = 'true', 'lookup.batch.max-size' = '1'"),
    /** Synchronous, one blocking read per probe row. */
    SYNC("reference", "'lookup.async' = 'false'");

    private final String side;
    private final String options;

    LookupJoinVariant(String side, String options) {
        this.side = side;
        this.options = options;
    }

    /** {@code ours} or {@code reference}, as in the JMH naming convention. */
    String side() {
        return side;
    }

    /** The variant's lookup options, ready to go into a {@code WITH (...)} clause. */
    String options() {
        return options;
    }

    /** The name used on the command line and in the output, e.g. {@code perKey}. */
    String label() {
        return switch (this) {
            case BATCHED -> "batched";
            case PER_KEY -> "perKey";
            case SYNC -> "sync";
        };
    }

    static LookupJoinVariant of(String label) {
        for (LookupJoinVariant variant : values()) {
            if (variant.label().equalsIgnoreCase(label)) {
                return variant;
            }
        }
        throw new IllegalArgumentException(
                "Unknown variant '" + label + "'; use batched, perKey or sync");
    }
}
