package dev.flinkext.benchmarks.lookup;

import dev.flinkext.testing.flink.FlinkCluster;
import dev.flinkext.testing.flink.LogCapture;
import dev.flinkext.testing.redis.RedisCluster;
import dev.flinkext.testing.redis.RedisClusterExtension;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.JedisCluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Partitioned ("keyBy") lookup joins against a 3-master Redis cluster at parallelism 4, for a
 * PARTIAL cache (large enough never to evict) and a FULL cache: {@link
 * LookupPartitioning#PARTITIONED} (flinkext's slot partitioner through the LOOKUP hint) vs {@link
 * LookupPartitioning#UNPARTITIONED} (no hint) vs {@link LookupPartitioning#HASH_SHUFFLE} (Flink's
 * plain hash shuffle: the hint on a source without {@code SupportsLookupCustomShuffle}).
 *
 * <pre>
 * probe: datagen 0..rows-1, k = ZIPF_KEY(seq) (a seeded Zipf stream over keys ids)
 *        → [LOOKUP hint] JOIN dim FOR SYSTEM_TIME AS OF proc ON k = id → TRACK(k, v) → blackhole
 * </pre>
 *
 * <p>Measured: cached entries summed over the subtasks vs distinct keys; Redis commands and keys
 * read ({@link RedisCommandCounter}); rows/s (median over ABBA-ordered rounds, all variants in one
 * p=4 MiniCluster); max/mean rows per join subtask, and with named hot keys under Zipf s=1.2.
 *
 * <p>The MiniCluster trap: all its task managers share one JVM, and PARTIAL caches (Flink's
 * LookupCacheManager) and unpartitioned FULL caches are shared by all subtasks of a JVM. So a p=4
 * unpartitioned run caches and reads like ONE task manager. The unpartitioned cache and store
 * figures therefore come from 4 separate p=1 jobs, each fed a quarter of the rows (row i goes to
 * quarter i % 4, as a round-robin would), each with caches of its own (a job closes its caches),
 * summed: 4 task managers of one slot each. Partitioned and hash-shuffled subtasks hold disjoint
 * keys (but for spread hot keys), so their p=4 runs' sums are what 4 task managers would hold; only
 * the hash-shuffled FULL cache (unpartitioned: each task manager loads the whole table) is one
 * whole-table load in the MiniCluster, counted 4 times.
 *
 * <pre>
 * java -Xmx3g --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar dev.flinkext.benchmarks.lookup.PartitionedLookupBenchmark \
 *     [rows=1000000] [keys=100000] [rounds=4] [s=0.9] [hotS=1.2] [hotKeys=8] [seed=42]
 * </pre>
 */
public final class PartitionedLookupBenchmark {

    private static final int P = 4;
    private static final String PREFIX = "dim:";
    private static final long JOB_TIMEOUT_MINUTES = 10;
    private static final Pattern LOADED =
            Pattern.compile(
                    "Loaded the FULL lookup cache of \\S+?(?: subtask (\\d+) of \\d+)?: (\\d+) keys");

    private final StreamTableEnvironment env;
    private final RedisCommandCounter redis;
    private final LogCapture fullLoads;

    private PartitionedLookupBenchmark(
            StreamTableEnvironment env, RedisCommandCounter redis, LogCapture fullLoads) {
        this.env = env;
        this.redis = redis;
        this.fullLoads = fullLoads;
    }

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        int keys = 100_000;
        int rounds = 4;
        double s = 0.9;
        double hotS = 1.2;
        int hotKeys = 8;
        long seed = 42;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("Expected name=value, got '" + arg + "'");
            }
            switch (kv[0]) {
                case "rows" -> rows = Long.parseLong(kv[1]);
                case "keys" -> keys = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "s" -> s = Double.parseDouble(kv[1]);
                case "hotS" -> hotS = Double.parseDouble(kv[1]);
                case "hotKeys" -> hotKeys = Integer.parseInt(kv[1]);
                case "seed" -> seed = Long.parseLong(kv[1]);
                default ->
                        throw new IllegalArgumentException(
                                "Unknown argument '"
                                        + arg
                                        + "'; use rows=, keys=, rounds=, s=, hotS=, hotKeys=,"
                                        + " seed=");
            }
        }
        long started = System.nanoTime();

        ZipfKeys mainZipf = new ZipfKeys(keys, s, seed);
        long[] mainStream = draw(mainZipf, rows);
        ZipfKeys hotZipf = new ZipfKeys(keys, hotS, seed + 1);
        long[] hotStream = draw(hotZipf, rows);
        ZipfKeyFunction.register("main", mainStream);
        ZipfKeyFunction.register("hot", hotStream);
        long distinct = distinct(mainStream);
        StringJoiner hot = new StringJoiner(";");
        for (int rank = 0; rank < hotKeys; rank++) {
            hot.add(Integer.toString(hotZipf.idOfRank(rank)));
        }

        Configurator.setLevel("dev.flinkext.lookup.full.FullCache", Level.INFO);
        try (RedisCluster cluster = RedisClusterExtension.embedded().startUnmanaged();
                LogCapture capture = new LogCapture("dev.flinkext.lookup.full.FullCache")) {
            load(cluster, keys);
            try (FlinkCluster flink = FlinkCluster.start(P, 1, new Configuration())) {
                StreamTableEnvironment env =
                        StreamTableEnvironment.create(flink.streamEnvironment());
                env.createTemporarySystemFunction("ZIPF_KEY", ZipfKeyFunction.class);
                env.createTemporarySystemFunction("TRACK", JoinTracker.class);
                env.executeSql(
                        "CREATE TEMPORARY TABLE sink (seq BIGINT, v STRING) WITH ("
                                + "'connector' = 'blackhole')");
                String nodes = String.join(",", cluster.nodes());
                for (LookupCacheKind cache : LookupCacheKind.values()) {
                    for (LookupPartitioning partitioning : LookupPartitioning.values()) {
                        env.executeSql(dimDdl(cache, partitioning, nodes, keys, ""));
                    }
                }
                env.executeSql(
                        dimDdl(
                                        LookupCacheKind.PARTIAL,
                                        LookupPartitioning.PARTITIONED,
                                        nodes,
                                        keys,
                                        ", 'lookup.shuffle.hot-keys' = '" + hot + "'")
                                .replace(
                                        dimTable(
                                                LookupCacheKind.PARTIAL,
                                                LookupPartitioning.PARTITIONED),
                                        "dim_hot"));
                System.out.printf(
                        Locale.ROOT,
                        "Partitioned lookup joins: %,d probe rows, Zipf s=%.2f over %,d keys (%,d"
                                + " distinct drawn; top key %.1f%% of rows), parallelism %d,"
                                + " Redis %s cluster of %d masters, %d rounds%n",
                        rows,
                        s,
                        keys,
                        distinct,
                        100 * mainZipf.massOfTopRanks(1),
                        P,
                        cluster.version(),
                        cluster.masters().size(),
                        rounds);
                new PartitionedLookupBenchmark(
                                env, new RedisCommandCounter(cluster.masters()), capture)
                        .run(rows, keys, distinct, rounds, hotS, hotZipf, hot.toString(), hotKeys);
            }
        }
        System.out.printf(Locale.ROOT, "total time %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private void run(
            long rows,
            int keys,
            long distinct,
            int rounds,
            double hotS,
            ZipfKeys hotZipf,
            String hotKeyList,
            int hotKeys)
            throws Exception {
        List<String[]> variants = new ArrayList<>();
        for (LookupCacheKind cache : LookupCacheKind.values()) {
            for (LookupPartitioning partitioning : LookupPartitioning.values()) {
                checkPlan(cache, partitioning);
                variants.add(new String[] {cache.name(), partitioning.name()});
            }
        }
        System.out.println(
                "plans checked: partitioned ships CUSTOM, hash-shuffle HASH, unpartitioned FORWARD");

        // warm-up: every variant once on a tenth of the rows, not recorded
        for (String[] v : variants) {
            execute(label(v) + " (warm-up)", join(v), "main", Math.max(1000, rows / 10), 1, 0, P);
        }

        System.out.printf(
                Locale.ROOT,
                "%-5s %-30s %8s %12s %9s %10s %10s %9s%n",
                "round",
                "variant",
                "net s",
                "rows/s",
                "max/mean",
                "commands",
                "keys read",
                "loaded");
        Map<String, List<LookupRun>> byVariant = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            List<String[]> order = new ArrayList<>(variants);
            if (round % 2 == 0) {
                Collections.reverse(order); // ABBA: no variant always runs first or last
            }
            for (String[] v : order) {
                LookupRun run = execute(label(v), join(v), "main", rows, 1, 0, P);
                byVariant.computeIfAbsent(label(v), x -> new ArrayList<>()).add(run);
                print(Integer.toString(round), run);
            }
        }

        // 4 task managers emulated: 4 separate p=1 jobs of a quarter of the rows each
        Map<LookupCacheKind, List<LookupRun>> emulated = new LinkedHashMap<>();
        for (LookupCacheKind cache : LookupCacheKind.values()) {
            String[] v = {cache.name(), LookupPartitioning.UNPARTITIONED.name()};
            for (int q = 0; q < P; q++) {
                long quarterRows = (rows - q + P - 1) / P;
                LookupRun run =
                        execute(
                                label(v) + " TM " + q + "/4",
                                join(v),
                                "main",
                                quarterRows,
                                P,
                                q,
                                1);
                emulated.computeIfAbsent(cache, x -> new ArrayList<>()).add(run);
                print("emu", run);
            }
        }

        // hot keys, Zipf s=hotS: the partitioned PARTIAL join without and with named hot keys
        String[] partitionedPartial = {
            LookupCacheKind.PARTIAL.name(), LookupPartitioning.PARTITIONED.name()
        };
        LookupRun noHot =
                execute(
                        "s=" + hotS + " partitioned, no hot keys",
                        join(partitionedPartial),
                        "hot",
                        rows,
                        1,
                        0,
                        P);
        print("hot", noHot);
        LookupRun withHot =
                execute(
                        "s=" + hotS + " partitioned, " + hotKeys + " hot keys",
                        joinSql(LookupPartitioning.PARTITIONED, "dim_hot"),
                        "hot",
                        rows,
                        1,
                        0,
                        P);
        print("hot", withHot);
        String[] unpartitionedPartial = {
            LookupCacheKind.PARTIAL.name(), LookupPartitioning.UNPARTITIONED.name()
        };
        LookupRun hotUnpartitioned =
                execute(
                        "s=" + hotS + " unpartitioned",
                        join(unpartitionedPartial),
                        "hot",
                        rows,
                        1,
                        0,
                        P);
        print("hot", hotUnpartitioned);

        summarize(
                rows,
                keys,
                distinct,
                byVariant,
                emulated,
                noHot,
                withHot,
                hotUnpartitioned,
                hotS,
                hotZipf,
                hotKeyList,
                hotKeys);
    }

    private void summarize(
            long rows,
            int keys,
            long distinct,
            Map<String, List<LookupRun>> byVariant,
            Map<LookupCacheKind, List<LookupRun>> emulated,
            LookupRun noHot,
            LookupRun withHot,
            LookupRun hotUnpartitioned,
            double hotS,
            ZipfKeys hotZipf,
            String hotKeyList,
            int hotKeys) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "cache and store, summed over %d subtasks/task managers (distinct keys in the"
                        + " stream: %,d, table keys: %,d; /wanted: entries over distinct keys (PARTIAL) or"
                        + " table keys (FULL))%n",
                P,
                distinct,
                keys);
        System.out.printf(
                Locale.ROOT,
                "%-7s %-26s %10s %8s %10s %10s   %s%n",
                "cache",
                "variant",
                "entries",
                "/wanted",
                "commands",
                "keys read",
                "commands by name");
        for (LookupCacheKind cache : LookupCacheKind.values()) {
            LookupRun partitioned = first(byVariant, cache, LookupPartitioning.PARTITIONED);
            LookupRun hash = first(byVariant, cache, LookupPartitioning.HASH_SHUFFLE);
            LookupRun oneJvm = first(byVariant, cache, LookupPartitioning.UNPARTITIONED);
            long partEntries = entries(cache, partitioned);
            // a FULL cache holds the table: compare its entries with the table's keys
            long wanted = cache == LookupCacheKind.FULL ? keys : distinct;
            RedisCommandCounter.Counts emuCounts = RedisCommandCounter.Counts.none();
            long emuEntries = 0;
            for (LookupRun run : emulated.get(cache)) {
                emuCounts = emuCounts.plus(run.redis());
                emuEntries += entries(cache, run);
            }
            long hashEntries;
            RedisCommandCounter.Counts hashCounts;
            String hashNote;
            if (cache == LookupCacheKind.FULL) {
                // one whole-table load shared by the JVM's subtasks; each of 4 TMs would load one
                hashEntries = (long) P * hash.loads().get(0).keys();
                hashCounts = hash.redis().times(P);
                hashNote = " (4 x the one load)";
            } else {
                hashEntries = entries(cache, hash);
                hashCounts = hash.redis();
                hashNote = "";
            }
            row(cache, "partitioned (p=4)", partEntries, wanted, partitioned.redis(), "");
            row(cache, "unpartitioned (4 x p=1)", emuEntries, wanted, emuCounts, "");
            row(cache, "hash-shuffle (p=4)", hashEntries, wanted, hashCounts, hashNote);
            row(
                    cache,
                    "unpartitioned (p=4, 1 JVM)",
                    entries(cache, oneJvm),
                    wanted,
                    oneJvm.redis(),
                    " (shared cache: one TM)");
            System.out.printf(
                    Locale.ROOT,
                    "%-7s partitioned / unpartitioned: entries %.3f, commands %.3f (goal <= %.2f),"
                            + " keys read %.3f; entries / %s %.3f (goal <= 1.1)%n",
                    cache,
                    partEntries / (double) emuEntries,
                    partitioned.redis().commands() / (double) emuCounts.commands(),
                    1.2 / P,
                    partitioned.redis().keysRead() / (double) Math.max(1, emuCounts.keysRead()),
                    cache == LookupCacheKind.FULL ? "table keys" : "distinct keys",
                    partEntries / (double) wanted);
        }

        System.out.println();
        System.out.println(
                "throughput, all variants p=4 in one MiniCluster, median rows/s over the rounds"
                        + " (each round's in brackets)");
        for (LookupCacheKind cache : LookupCacheKind.values()) {
            double part = median(byVariant.get(label(cache, LookupPartitioning.PARTITIONED)));
            for (LookupPartitioning partitioning : LookupPartitioning.values()) {
                List<LookupRun> runs = byVariant.get(label(cache, partitioning));
                StringJoiner each = new StringJoiner(", ", "[", "]");
                runs.forEach(r -> each.add(String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond())));
                System.out.printf(
                        Locale.ROOT,
                        "%-7s %-14s %,10.0f  max/mean rows %.3f  %s%n",
                        cache,
                        partitioning.label(),
                        median(runs),
                        runs.get(0).maxOverMeanRows(),
                        each);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-7s partitioned vs unpartitioned %.2fx (goal >= 1.0x), vs hash-shuffle"
                            + " %.2fx%n",
                    cache,
                    part / median(byVariant.get(label(cache, LookupPartitioning.UNPARTITIONED))),
                    part / median(byVariant.get(label(cache, LookupPartitioning.HASH_SHUFFLE))));
        }

        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "hot keys: Zipf s=%.2f (top key %.1f%%, top %d keys %.1f%% of rows), PARTIAL,"
                        + " hot keys %s%n",
                hotS,
                100 * hotZipf.massOfTopRanks(1),
                hotKeys,
                100 * hotZipf.massOfTopRanks(hotKeys),
                hotKeyList);
        for (LookupRun run : List.of(noHot, withHot, hotUnpartitioned)) {
            StringJoiner perSubtask = new StringJoiner(", ", "[", "]");
            run.joins().values().forEach(j -> perSubtask.add(Long.toString(j.rows())));
            System.out.printf(
                    Locale.ROOT,
                    "%-40s max/mean rows %.3f  rows per subtask %s  entries %,d  %,.0f rows/s%n",
                    run.label(),
                    run.maxOverMeanRows(),
                    perSubtask,
                    run.distinctKeysPerSubtaskSum(),
                    run.rowsPerSecond());
        }
        System.out.printf(
                Locale.ROOT,
                "with hot keys max/mean %.3f (goal <= 1.5), without %.3f%n",
                withHot.maxOverMeanRows(),
                noHot.maxOverMeanRows());
    }

    private static void row(
            LookupCacheKind cache,
            String variant,
            long entries,
            long distinct,
            RedisCommandCounter.Counts counts,
            String note) {
        System.out.printf(
                Locale.ROOT,
                "%-7s %-26s %,10d %8.3f %,10d %,10d   %s%s%n",
                cache,
                variant,
                entries,
                entries / (double) distinct,
                counts.commands(),
                counts.keysRead(),
                counts.calls(),
                note);
    }

    /** Cache entries of a run summed over its subtasks: distinct keys joined, or keys loaded. */
    private static long entries(LookupCacheKind cache, LookupRun run) {
        return cache == LookupCacheKind.PARTIAL
                ? run.distinctKeysPerSubtaskSum()
                : run.loadedKeys();
    }

    private static LookupRun first(
            Map<String, List<LookupRun>> byVariant,
            LookupCacheKind cache,
            LookupPartitioning partitioning) {
        return byVariant.get(label(cache, partitioning)).get(0);
    }

    private void checkPlan(LookupCacheKind cache, LookupPartitioning partitioning) {
        env.getConfig().set(ExecutionConfigOptions.TABLE_EXEC_RESOURCE_DEFAULT_PARALLELISM, P);
        createProbe("main", 1000, 1, 0);
        String plan =
                env.explainSql(
                        joinSql(partitioning, dimTable(cache, partitioning)),
                        ExplainDetail.JSON_EXECUTION_PLAN);
        // the exchange into the lookup join; the sink's edge is FORWARD in every variant
        String expected = "\"ship_strategy\" : \"" + partitioning.expectedShipStrategy() + "\"";
        boolean custom = plan.contains("\"ship_strategy\" : \"CUSTOM\"");
        boolean hash = plan.contains("\"ship_strategy\" : \"HASH\"");
        if (!plan.contains(expected)
                || (partitioning != LookupPartitioning.PARTITIONED && custom)
                || (partitioning != LookupPartitioning.HASH_SHUFFLE && hash)) {
            throw new IllegalStateException(
                    label(cache, partitioning)
                            + ": plan does not ship by "
                            + expected
                            + ":\n"
                            + plan);
        }
    }

    private String join(String[] variant) {
        LookupPartitioning partitioning = LookupPartitioning.valueOf(variant[1]);
        return joinSql(partitioning, dimTable(LookupCacheKind.valueOf(variant[0]), partitioning));
    }

    private static String joinSql(LookupPartitioning partitioning, String dimTable) {
        return "INSERT INTO sink SELECT "
                + partitioning.hint()
                + "p.seq, TRACK(p.k, d.v) FROM probe AS p LEFT JOIN "
                + dimTable
                + " FOR SYSTEM_TIME AS OF p.proc AS d ON p.k = d.id";
    }

    private static String label(String[] variant) {
        return label(LookupCacheKind.valueOf(variant[0]), LookupPartitioning.valueOf(variant[1]));
    }

    private static String label(LookupCacheKind cache, LookupPartitioning partitioning) {
        return cache + " " + partitioning.label();
    }

    private static String dimTable(LookupCacheKind cache, LookupPartitioning partitioning) {
        return "dim_"
                + cache.name().toLowerCase(Locale.ROOT)
                + "_"
                + partitioning.name().toLowerCase(Locale.ROOT);
    }

    private static String dimDdl(
            LookupCacheKind cache,
            LookupPartitioning partitioning,
            String nodes,
            int keys,
            String extra) {
        return "CREATE TEMPORARY TABLE "
                + dimTable(cache, partitioning)
                + " (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = '"
                + partitioning.connector()
                + "', 'mode' = 'cluster', 'nodes' = '"
                + nodes
                + "', 'key-prefix' = '"
                + PREFIX
                + "', "
                + cache.options(keys)
                + partitioning.options()
                + extra
                + ")";
    }

    /** probe rows seq 0..count-1 with key ZIPF_KEY(stream, seq * step + offset). */
    private void createProbe(String stream, long count, int step, int offset) {
        env.executeSql("DROP TEMPORARY TABLE IF EXISTS probe");
        env.executeSql(
                "CREATE TEMPORARY TABLE probe (seq BIGINT, k AS ZIPF_KEY('"
                        + stream
                        + "', seq * "
                        + step
                        + " + "
                        + offset
                        + "), proc AS PROCTIME()) WITH ('connector' = 'datagen',"
                        + " 'fields.seq.kind' = 'sequence', 'fields.seq.start' = '0',"
                        + " 'fields.seq.end' = '"
                        + (count - 1)
                        + "', 'rows-per-second' = '1000000000')");
    }

    private LookupRun execute(
            String label,
            String insert,
            String stream,
            long count,
            int step,
            int offset,
            int parallelism)
            throws Exception {
        env.getConfig()
                .set(ExecutionConfigOptions.TABLE_EXEC_RESOURCE_DEFAULT_PARALLELISM, parallelism);
        createProbe(stream, count, step, offset);
        JoinTracker.reset();
        fullLoads.messages.clear();
        redis.reset();
        JobClient job = env.executeSql(insert).getJobClient().orElseThrow();
        JobExecutionResult done;
        try {
            done = job.getJobExecutionResult().get(JOB_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            job.cancel();
            throw new IllegalStateException("Job did not finish in time: " + label, e);
        }
        RedisCommandCounter.Counts counts = redis.read();
        Map<Integer, JoinTracker.SubtaskJoins> joins = JoinTracker.results();
        long joined = 0;
        for (JoinTracker.SubtaskJoins j : joins.values()) {
            joined += j.rows();
            if (j.wrong() != 0) {
                throw new IllegalStateException(
                        label + ": " + j.wrong() + " rows joined a wrong value");
            }
        }
        if (joined != count) {
            throw new IllegalStateException(
                    label + ": " + joined + " rows joined, expected " + count);
        }
        List<LookupRun.FullLoad> loads = new ArrayList<>();
        for (String message : fullLoads.messages) {
            Matcher m = LOADED.matcher(message);
            if (m.find()) {
                loads.add(
                        new LookupRun.FullLoad(
                                m.group(1) == null ? -1 : Integer.parseInt(m.group(1)),
                                Integer.parseInt(m.group(2))));
            }
        }
        if (label.startsWith("FULL") && loads.isEmpty()) {
            throw new IllegalStateException(label + ": no FULL cache load logged");
        }
        return new LookupRun(
                label,
                parallelism,
                count,
                done.getNetRuntime(TimeUnit.MILLISECONDS),
                joins,
                counts,
                loads);
    }

    private static void print(String round, LookupRun run) {
        System.out.printf(
                Locale.ROOT,
                "%-5s %-30s %8.2f %,12.0f %9.3f %,10d %,10d %9s%n",
                round,
                run.label(),
                run.netMillis() / 1000.0,
                run.rowsPerSecond(),
                run.maxOverMeanRows(),
                run.redis().commands(),
                run.redis().keysRead(),
                run.loads().isEmpty() ? "-" : Long.toString(run.loadedKeys()));
    }

    private static double median(List<LookupRun> runs) {
        List<Double> rates = new ArrayList<>();
        runs.forEach(r -> rates.add(r.rowsPerSecond()));
        Collections.sort(rates);
        int n = rates.size();
        return n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
    }

    private static long[] draw(ZipfKeys zipf, long rows) {
        long[] keys = new long[Math.toIntExact(rows)];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = zipf.next();
        }
        return keys;
    }

    private static long distinct(long[] keys) {
        Set<Long> seen = new HashSet<>();
        for (long k : keys) {
            seen.add(k);
        }
        return seen.size();
    }

    /** dim:&lt;id&gt; = v-&lt;id&gt; for id 0..keys-1, pipelined per slot owner. */
    private static void load(RedisCluster cluster, int keys) {
        long started = System.nanoTime();
        try (JedisCluster jedis = cluster.newJedisCluster()) {
            try (ClusterPipeline pipeline = jedis.pipelined()) {
                for (int id = 0; id < keys; id++) {
                    pipeline.set(PREFIX + id, "v-" + id);
                    if (id % 1000 == 999) {
                        pipeline.sync();
                    }
                }
                pipeline.sync();
            }
            long size = 0;
            for (var master : cluster.masters()) {
                try (var j = master.newJedis()) {
                    size += j.dbSize();
                }
            }
            if (size != keys) {
                throw new IllegalStateException("Redis holds " + size + " keys, expected " + keys);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "loaded %,d keys into the Redis cluster in %d ms%n",
                keys,
                (System.nanoTime() - started) / 1_000_000);
    }
}
