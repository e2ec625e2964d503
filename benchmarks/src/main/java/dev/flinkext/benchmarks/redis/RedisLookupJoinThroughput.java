package dev.flinkext.benchmarks.redis;

import dev.flinkext.testing.flink.FlinkCluster;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Rows per second of a SQL lookup join against Redis with the cache off, one bounded job per
 * variant in one run on one Redis and one Flink MiniCluster: flinkext's batched async lookup vs
 * per-key async ({@code 'lookup.batch.max-size' = '1'}, the way existing Redis connectors work) vs
 * sync. The goal: batched at least 3x per-key.
 *
 * <pre>
 * probe: datagen sequence 0..rows-1, k = seq % keys  →  LEFT JOIN redis_dim FOR SYSTEM_TIME AS OF
 *        proc_time ON k = id  →  blackhole
 * </pre>
 *
 * Every key exists (values checked on a smaller run of each variant first, which also warms the JVM
 * up), consecutive probe rows carry distinct keys, so batches gain nothing from deduplication.
 * rows/s is computed from the job's net runtime (planning excluded); a {@code baseline} job (same
 * source and sink, no join) shows what the pipeline costs without Redis.
 *
 * <p>A bounded job's wall time is one sample, not a JMH throughput, so this is a plain main class
 * that prints the ratios itself (ours = batched; references = perKey and sync):
 *
 * <pre>
 * java --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar dev.flinkext.benchmarks.redis.RedisLookupJoinThroughput \
 *     [rows=1000000] [keys=100000] [dataType=STRING|HASH] [parallelism=1] [rounds=1] \
 *     [variants=batched,perKey,sync] [checkRows=20000] [conf.KEY=VALUE ...] [dim.KEY=VALUE ...]
 * </pre>
 *
 * {@code conf.KEY=VALUE} sets a table option, e.g. {@code
 * conf.table.exec.async-lookup.buffer-capacity=400}; {@code dim.KEY=VALUE} adds an option to every
 * variant's Redis table, e.g. {@code dim.lookup.read-threads=16}.
 */
public final class RedisLookupJoinThroughput {

    private static final String PREFIX = "dim:";
    private static final long JOB_TIMEOUT_MINUTES = 10;

    private RedisLookupJoinThroughput() {}

    /** One finished job. */
    record Run(long rows, long netMillis, long wallMillis) {
        double rowsPerSecond() {
            return rows * 1000.0 / Math.max(1, netMillis);
        }
    }

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        int keys = 100_000;
        boolean hash = false;
        int parallelism = 1;
        int rounds = 1;
        int checkRows = 20_000;
        List<LookupJoinVariant> variants = List.of(LookupJoinVariant.values());
        Map<String, String> conf = new LinkedHashMap<>();
        Map<String, String> dimOptions = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("Expected name=value, got '" + arg + "'");
            }
            if (kv[0].startsWith("dim.")) {
                dimOptions.put(kv[0].substring("dim.".length()), kv[1]);
                continue;
            }
            if (kv[0].startsWith("conf.")) {
                conf.put(kv[0].substring("conf.".length()), kv[1]);
                continue;
            }
            switch (kv[0]) {
                case "rows" -> rows = Long.parseLong(kv[1]);
                case "keys" -> keys = Integer.parseInt(kv[1]);
                case "dataType" -> hash = parseHash(kv[1]);
                case "parallelism" -> parallelism = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "checkRows" -> checkRows = Integer.parseInt(kv[1]);
                case "variants" -> {
                    List<LookupJoinVariant> chosen = new ArrayList<>();
                    for (String label : kv[1].split(",")) {
                        chosen.add(LookupJoinVariant.of(label.trim()));
                    }
                    variants = chosen;
                }
                default ->
                        throw new IllegalArgumentException(
                                "Unknown argument '"
                                        + arg
                                        + "'; use rows=, keys=, dataType=, parallelism=, rounds=,"
                                        + " variants=, checkRows=, conf.KEY=, dim.KEY=");
            }
        }

        try (RedisServer redis = RedisServerExtension.embedded().startUnmanaged()) {
            load(redis, keys, hash);
            try (FlinkCluster flink = FlinkCluster.start(1, parallelism, new Configuration())) {
                StreamTableEnvironment env =
                        StreamTableEnvironment.create(flink.streamEnvironment());
                env.getConfig()
                        .set(
                                ExecutionConfigOptions.TABLE_EXEC_RESOURCE_DEFAULT_PARALLELISM,
                                parallelism);
                conf.forEach(
                        (key, value) -> env.getConfig().getConfiguration().setString(key, value));
                createTables(env, redis, rows, checkRows, keys, hash, variants, dimOptions);

                System.out.printf(
                        Locale.ROOT,
                        "Redis lookup join: %,d probe rows over %,d %s keys, cache off,"
                                + " parallelism %d, Redis %s at %s, async buffer-capacity %s%n",
                        rows,
                        keys,
                        hash ? "HASH" : "STRING",
                        parallelism,
                        redis.version(),
                        redis.address(),
                        env.getConfig()
                                .get(
                                        ExecutionConfigOptions
                                                .TABLE_EXEC_ASYNC_LOOKUP_BUFFER_CAPACITY));

                for (LookupJoinVariant variant : variants) {
                    check(env, variant, checkRows, keys, hash);
                }
                System.out.printf(
                        Locale.ROOT,
                        "values checked: %,d joined rows per variant, every key found%n",
                        checkRows);

                Map<LookupJoinVariant, List<Run>> runs = new EnumMap<>(LookupJoinVariant.class);
                List<Run> baseline = new ArrayList<>();
                System.out.printf(
                        Locale.ROOT,
                        "%-6s %-9s %-10s %10s %10s %12s  %s%s%n",
                        "round",
                        "variant",
                        "side",
                        "net s",
                        "wall s",
                        "rows/s",
                        "lookup options",
                        dimOptions.isEmpty() ? "" : " (all variants also: " + dimOptions + ")");
                for (int round = 1; round <= rounds; round++) {
                    // alternate the order, so no variant always runs on a warmer or cooler machine
                    List<LookupJoinVariant> order = new ArrayList<>(variants);
                    if (round % 2 == 0) {
                        Collections.reverse(order);
                    }
                    Run base =
                            execute(
                                    env,
                                    "INSERT INTO sink SELECT seq, CAST(k AS STRING) FROM probe",
                                    rows);
                    baseline.add(base);
                    print(round, "baseline", "-", base, "(no join)");
                    for (LookupJoinVariant variant : order) {
                        Run run = execute(env, joinSql(variant, "probe", hash, true), rows);
                        runs.computeIfAbsent(variant, v -> new ArrayList<>()).add(run);
                        print(round, variant.label(), variant.side(), run, variant.options());
                    }
                }
                summarize(runs, baseline);
            }
        }
    }

    private static boolean parseHash(String type) {
        if (type.equalsIgnoreCase("STRING") || type.equalsIgnoreCase("HASH")) {
            return type.equalsIgnoreCase("HASH");
        }
        throw new IllegalArgumentException("dataType must be STRING or HASH, got " + type);
    }

    /** Writes the dimension: dim:&lt;id&gt; = v-&lt;id&gt; (STRING) or {name, score} (HASH). */
    private static void load(RedisServer redis, int keys, boolean hash) {
        long started = System.nanoTime();
        try (Jedis jedis = redis.newJedis();
                Pipeline pipeline = jedis.pipelined()) {
            for (int id = 0; id < keys; id++) {
                String key = PREFIX + id;
                if (hash) {
                    pipeline.hset(
                            key,
                            Map.of("name", "name-" + id, "score", Integer.toString(id % 1000)));
                } else {
                    pipeline.set(key, "v-" + id);
                }
                if (id % 1000 == 999) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
            long size = jedis.dbSize();
            if (size != keys) {
                throw new IllegalStateException("Redis holds " + size + " keys, expected " + keys);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "loaded %,d keys into Redis in %d ms%n",
                keys,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static void createTables(
            StreamTableEnvironment env,
            RedisServer redis,
            long rows,
            int checkRows,
            int keys,
            boolean hash,
            List<LookupJoinVariant> variants,
            Map<String, String> dimOptions) {
        StringBuilder extra = new StringBuilder();
        dimOptions.forEach(
                (key, value) ->
                        extra.append(", '").append(key).append("' = '").append(value).append('\''));
        env.executeSql(probeDdl("probe", rows, keys));
        env.executeSql(probeDdl("probe_check", checkRows, keys));
        env.executeSql(
                "CREATE TEMPORARY TABLE sink (seq BIGINT, v STRING) WITH ('connector' = 'blackhole')");
        String columns = hash ? "id BIGINT, name STRING, score INT" : "id BIGINT, v STRING";
        for (LookupJoinVariant variant : variants) {
            env.executeSql(
                    "CREATE TEMPORARY TABLE "
                            + dimTable(variant)
                            + " ("
                            + columns
                            + ", PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'redis',"
                            + " 'host' = '"
                            + redis.host()
                            + "', 'port' = '"
                            + redis.port()
                            + "', 'data-type' = '"
                            + (hash ? "HASH" : "STRING")
                            + "', 'key-prefix' = '"
                            + PREFIX
                            + "', 'lookup.cache' = 'NONE', "
                            + variant.options()
                            + extra
                            + ")");
        }
    }

    private static String probeDdl(String name, long rows, int keys) {
        return "CREATE TEMPORARY TABLE "
                + name
                + " (seq BIGINT, k AS CAST(seq % "
                + keys
                + " AS BIGINT), proc_time AS PROCTIME()) WITH ('connector' = 'datagen',"
                + " 'fields.seq.kind' = 'sequence', 'fields.seq.start' = '0',"
                + " 'fields.seq.end' = '"
                + (rows - 1)
                // datagen throttles to 10k rows/s by default
                + "', 'rows-per-second' = '1000000000')";
    }

    private static String dimTable(LookupJoinVariant variant) {
        return "dim_" + variant.label();
    }

    private static String joinSql(
            LookupJoinVariant variant, String probe, boolean hash, boolean insert) {
        String value = hash ? "CONCAT(d.name, '/', CAST(d.score AS STRING))" : "d.v";
        return (insert ? "INSERT INTO sink " : "")
                + "SELECT p."
                + (insert ? "seq" : "k")
                + ", "
                + value
                + " FROM "
                + probe
                + " AS p LEFT JOIN "
                + dimTable(variant)
                + " FOR SYSTEM_TIME AS OF p.proc_time AS d ON p.k = d.id";
    }

    /** Runs a small join and checks that every probe row found its key's value. */
    private static void check(
            StreamTableEnvironment env,
            LookupJoinVariant variant,
            int checkRows,
            int keys,
            boolean hash)
            throws Exception {
        long seen = 0;
        try (CloseableIterator<Row> rows =
                env.executeSql(joinSql(variant, "probe_check", hash, false)).collect()) {
            while (rows.hasNext()) {
                Row row = rows.next();
                long k = ((Number) row.getField(0)).longValue();
                String expected = hash ? "name-" + k + "/" + (k % 1000) : "v-" + k;
                if (!Objects.equals(expected, row.getField(1))) {
                    throw new IllegalStateException(
                            variant.label()
                                    + ": key "
                                    + k
                                    + " joined '"
                                    + row.getField(1)
                                    + "', expected '"
                                    + expected
                                    + "'");
                }
                seen++;
            }
        }
        if (seen != checkRows) {
            throw new IllegalStateException(
                    variant.label() + ": " + seen + " joined rows, expected " + checkRows);
        }
    }

    private static Run execute(StreamTableEnvironment env, String insert, long rows)
            throws Exception {
        long started = System.nanoTime();
        TableResult result = env.executeSql(insert);
        JobClient job = result.getJobClient().orElseThrow();
        JobExecutionResult done;
        try {
            done = job.getJobExecutionResult().get(JOB_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            job.cancel();
            throw new IllegalStateException(
                    "Job did not finish within " + JOB_TIMEOUT_MINUTES + " minutes: " + insert, e);
        }
        long wall = (System.nanoTime() - started) / 1_000_000;
        return new Run(rows, done.getNetRuntime(TimeUnit.MILLISECONDS), wall);
    }

    private static void print(int round, String label, String side, Run run, String options) {
        System.out.printf(
                Locale.ROOT,
                "%-6d %-9s %-10s %10.2f %10.2f %,12.0f  %s%n",
                round,
                label,
                side,
                run.netMillis() / 1000.0,
                run.wallMillis() / 1000.0,
                run.rowsPerSecond(),
                options);
    }

    private static void summarize(Map<LookupJoinVariant, List<Run>> runs, List<Run> baseline) {
        System.out.println();
        System.out.println("median rows/s over the rounds (ratio > 1: batched is better)");
        System.out.printf(Locale.ROOT, "%-9s %12s%n", "baseline", format(median(baseline)));
        Map<LookupJoinVariant, Double> medians = new EnumMap<>(LookupJoinVariant.class);
        runs.forEach((variant, list) -> medians.put(variant, median(list)));
        medians.forEach(
                (variant, rate) ->
                        System.out.printf(
                                Locale.ROOT, "%-9s %12s%n", variant.label(), format(rate)));
        Double batched = medians.get(LookupJoinVariant.BATCHED);
        if (batched == null) {
            return;
        }
        for (LookupJoinVariant reference :
                List.of(LookupJoinVariant.PER_KEY, LookupJoinVariant.SYNC)) {
            Double theirs = medians.get(reference);
            if (theirs != null) {
                System.out.printf(
                        Locale.ROOT,
                        "batched vs %-7s %6.2fx%s%n",
                        reference.label(),
                        batched / theirs,
                        reference == LookupJoinVariant.PER_KEY ? "   (goal >= 3x)" : "");
            }
        }
    }

    private static double median(List<Run> runs) {
        List<Double> rates = new ArrayList<>();
        for (Run run : runs) {
            rates.add(run.rowsPerSecond());
        }
        Collections.sort(rates);
        int n = rates.size();
        return n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
    }

    private static String format(double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }
}
