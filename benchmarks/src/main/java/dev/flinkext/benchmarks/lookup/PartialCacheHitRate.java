package dev.flinkext.benchmarks.lookup;

import dev.flinkext.lookup.cache.CaffeineLookupCache;
import dev.flinkext.lookup.config.PartialCacheOptions;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Hit rate of flinkext's {@code CaffeineLookupCache} (W-TinyLFU) vs Flink's {@link
 * DefaultLookupCache} (Guava, LRU-like) at the same max-rows, on the same seeded Zipf key stream,
 * driven the way Flink's {@code CachingLookupFunction} drives a cache: {@code getIfPresent}, and on
 * a miss {@code put} of the looked-up rows.
 *
 * <p>A hit rate is not a throughput, so this is a plain main class rather than a JMH benchmark:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.flinkext.benchmarks.lookup.PartialCacheHitRate \
 *     [lookups=1000000] [keys=100000] [maxRows=10000] [s=0.9,1.1] [seed=42]
 * </pre>
 */
public final class PartialCacheHitRate {

    private PartialCacheHitRate() {}

    /** The hit rate of one cache over one stream. */
    public record Result(long hits, long lookups, long maxObservedSize) {
        public double hitRate() {
            return (double) hits / lookups;
        }
    }

    public static void main(String[] args) throws Exception {
        long lookups = 1_000_000;
        int keys = 100_000;
        long maxRows = 10_000;
        double[] exponents = {0.9, 1.1};
        long seed = 42;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "lookups" -> lookups = Long.parseLong(kv[1]);
                case "keys" -> keys = Integer.parseInt(kv[1]);
                case "maxRows" -> maxRows = Long.parseLong(kv[1]);
                case "s" -> exponents = parseDoubles(kv[1]);
                case "seed" -> seed = Long.parseLong(kv[1]);
                default ->
                        throw new IllegalArgumentException(
                                "Unknown argument '"
                                        + arg
                                        + "'; use lookups=, keys=, maxRows=, s=, seed=");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "Partial cache hit rate: %,d lookups over %,d keys, max-rows %,d, seed %d%n",
                lookups,
                keys,
                maxRows,
                seed);
        System.out.println(
                "ours = CaffeineLookupCache at max-rows; ours@95% = at 95% of max-rows, so that"
                        + " Caffeine's brief overshoot\n(eviction runs asynchronously) never"
                        + " gives it more rows than the reference holds.");
        System.out.printf(
                Locale.ROOT,
                "%-7s %7s %9s %9s %11s %9s %12s %10s%n",
                "zipf s",
                "ideal",
                "ours",
                "ours@95%",
                "reference",
                "ratio",
                "ratio@95%",
                "max rows");
        for (double s : exponents) {
            Result ours = runOurs(maxRows, s, keys, lookups, seed);
            long conservativeRows = Math.max(1, maxRows * 95 / 100);
            Result conservative = runOurs(conservativeRows, s, keys, lookups, seed);
            Result reference =
                    run(
                            DefaultLookupCache.newBuilder().maximumSize(maxRows).build(),
                            new ZipfKeys(keys, s, seed),
                            keys,
                            lookups);
            System.out.printf(
                    Locale.ROOT,
                    "%-7.2f %6.2f%% %8.2f%% %8.2f%% %10.2f%% %8.3fx %11.3fx %,6d/%,d/%,d%n",
                    s,
                    100 * new ZipfKeys(keys, s, seed).massOfTopRanks((int) Math.min(maxRows, keys)),
                    100 * ours.hitRate(),
                    100 * conservative.hitRate(),
                    100 * reference.hitRate(),
                    ours.hitRate() / reference.hitRate(),
                    conservative.hitRate() / reference.hitRate(),
                    ours.maxObservedSize(),
                    conservative.maxObservedSize(),
                    reference.maxObservedSize());
        }
        System.out.println(
                "ideal = probability mass of the max-rows most popular keys (no cache does better)");
        System.out.println(
                "max rows = largest size seen (sampled every 1024 lookups): ours/ours@95%/reference");
    }

    private static Result runOurs(long maxRows, double s, int keys, long lookups, long seed)
            throws Exception {
        return run(
                CaffeineLookupCache.of(
                        PartialCacheOptions.builder().maxRows(maxRows).build(), null),
                new ZipfKeys(keys, s, seed),
                keys,
                lookups);
    }

    /** Replays {@code lookups} keys of {@code stream} against {@code cache}, as Flink would. */
    public static Result run(LookupCache cache, ZipfKeys stream, int keys, long lookups)
            throws Exception {
        RowData[] keyRows = new RowData[keys];
        List<RowData>[] rows = rowsPerKey(keys);
        for (int i = 0; i < keys; i++) {
            keyRows[i] = GenericRowData.of((long) i);
        }
        cache.open(UnregisteredMetricsGroup.createCacheMetricGroup());
        long hits = 0;
        long maxSize = 0;
        try {
            for (long i = 0; i < lookups; i++) {
                int id = stream.next();
                Collection<RowData> cached = cache.getIfPresent(keyRows[id]);
                if (cached != null) {
                    hits++;
                } else {
                    cache.put(keyRows[id], rows[id]);
                }
                if ((i & 1023) == 0) {
                    maxSize = Math.max(maxSize, cache.size());
                }
            }
        } finally {
            cache.close();
        }
        return new Result(hits, lookups, maxSize);
    }

    @SuppressWarnings("unchecked")
    private static List<RowData>[] rowsPerKey(int keys) {
        List<RowData>[] rows = new List[keys];
        for (int i = 0; i < keys; i++) {
            rows[i] = List.of(GenericRowData.of((long) i, StringData.fromString("name-" + i)));
        }
        return rows;
    }

    private static double[] parseDoubles(String csv) {
        String[] parts = csv.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i].trim());
        }
        return values;
    }
}
