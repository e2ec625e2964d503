package dev.flinkext.benchmarks.lookup;

import dev.flinkext.delayed.DelayedLookupJoin;
import dev.flinkext.delayed.TableLookupFunctions;
import dev.flinkext.testing.flink.FlinkCluster;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delayed retry of lookup misses (issue 14, level 1) against a real standalone Redis (6.2 from
 * embedded-redis, started in-process) on a MiniCluster (1 task manager x 2 slots, parallelism 2).
 *
 * <pre>
 * probe: datagen seq 0..rows-1 (unthrottled), k = EMIT_KEY(id) (records when the row reaches the
 *        join; for a late row, schedules its dimension write)
 *        → [hint] LEFT JOIN dim FOR SYSTEM_TIME AS OF proc ON k = id → ARRIVE(id, v) → blackhole
 * </pre>
 *
 * <p>Every {@code lateEvery}-th row (10%) is late: its dimension row {@code dim:<id>} is not in
 * Redis when the row reaches the join; a background thread writes it {@code lateMs} + (0 .. {@code
 * spreadMs}) ms (deterministic per id) after that. The other dimension rows are written before the
 * job. Variants ({@link DelayedRetryVariant}): no retry (async lookup), ours ({@code lookup.async}
 * + {@code lookup.delayed-retry.*}), Flink's LOOKUP-hint retry on an async lookup, and the same on
 * a sync lookup (which sleeps the task thread: run once on {@code syncRows} rows), and level 2:
 * delayed-join's {@code delayed_lookup} process table function over a sync lookup (event-time
 * re-reads; its probe has a watermark and an endless slow tail, and its job is cancelled once every
 * row is out: net s is from submission). Session: {@code table.exec.async-lookup.output-mode} =
 * ALLOW_UNORDERED and {@code table.exec.async-lookup.buffer-capacity} = {@code capacity} for every
 * async variant.
 *
 * <pre>
 * java -Xmx3g --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar dev.flinkext.benchmarks.lookup.DelayedRetryBenchmark \
 *     [rows=200000] [rounds=4] [syncRows=200] [interval=500] [attempts=10] [lateMs=2000]
 *     [spreadMs=1000] [lateEvery=10] [capacity=20000] [maxSeconds=60] [warmupRows=20000]
 *     [variants=no_retry,ours,flink_async,no_retry_sync,ours_ptf,ours_datastream]
 * </pre>
 *
 * {@code syncRows=0} leaves out the once-run of Flink's sync hint retry; {@code variants=} the
 * round variants not named (e.g. Flink's async retry, which starts a thread per waiting row, when
 * trying a large {@code capacity}).
 */
public final class DelayedRetryBenchmark {

    private static final int P = 2;

    /** The variants of every round, unless {@code variants=} names others. */
    private static final List<DelayedRetryVariant> ROUND_VARIANTS =
            List.of(
                    DelayedRetryVariant.NO_RETRY,
                    DelayedRetryVariant.OURS,
                    DelayedRetryVariant.FLINK_ASYNC,
                    DelayedRetryVariant.NO_RETRY_SYNC,
                    DelayedRetryVariant.OURS_PTF,
                    DelayedRetryVariant.OURS_DATASTREAM);

    private final StreamTableEnvironment env;
    private final StreamExecutionEnvironment streamEnv;
    private final FlinkCluster flink;
    private final RedisServer redis;
    private final RedisCommandCounter commands;
    private final LateDimensionWriter writer;
    private final int lateEvery;
    private final int attempts;
    private final long intervalMs;
    private final long maxSeconds;

    private DelayedRetryBenchmark(
            StreamTableEnvironment env,
            StreamExecutionEnvironment streamEnv,
            FlinkCluster flink,
            RedisServer redis,
            LateDimensionWriter writer,
            int lateEvery,
            int attempts,
            long intervalMs,
            long maxSeconds) {
        this.env = env;
        this.streamEnv = streamEnv;
        this.flink = flink;
        this.redis = redis;
        this.commands = new RedisCommandCounter(List.of(redis));
        this.writer = writer;
        this.lateEvery = lateEvery;
        this.attempts = attempts;
        this.intervalMs = intervalMs;
        this.maxSeconds = maxSeconds;
    }

    public static void main(String[] args) throws Exception {
        int rows = 200_000;
        int rounds = 4;
        int syncRows = 200;
        long intervalMs = 500;
        int attempts = 10;
        long lateMs = 2000;
        long spreadMs = 1000;
        int lateEvery = 10;
        int capacity = 20_000;
        long maxSeconds = 60;
        int warmupRows = 20_000;
        List<DelayedRetryVariant> variants = ROUND_VARIANTS;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("Expected name=value, got '" + arg + "'");
            }
            switch (kv[0]) {
                case "rows" -> rows = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "syncRows" -> syncRows = Integer.parseInt(kv[1]);
                case "interval" -> intervalMs = Long.parseLong(kv[1]);
                case "attempts" -> attempts = Integer.parseInt(kv[1]);
                case "lateMs" -> lateMs = Long.parseLong(kv[1]);
                case "spreadMs" -> spreadMs = Long.parseLong(kv[1]);
                case "lateEvery" -> lateEvery = Integer.parseInt(kv[1]);
                case "capacity" -> capacity = Integer.parseInt(kv[1]);
                case "maxSeconds" -> maxSeconds = Long.parseLong(kv[1]);
                case "warmupRows" -> warmupRows = Integer.parseInt(kv[1]);
                case "variants" ->
                        variants =
                                Arrays.stream(kv[1].split(","))
                                        .map(
                                                name ->
                                                        DelayedRetryVariant.valueOf(
                                                                name.trim()
                                                                        .toUpperCase(Locale.ROOT)))
                                        .toList();
                default ->
                        throw new IllegalArgumentException(
                                "Unknown argument '"
                                        + arg
                                        + "'; use rows=, rounds=, syncRows=, interval=, attempts=,"
                                        + " lateMs=, spreadMs=, lateEvery=, capacity=,"
                                        + " maxSeconds=, warmupRows=, variants=");
            }
        }
        long started = System.nanoTime();
        try (RedisServer redis = RedisServerExtension.embedded().startUnmanaged();
                LateDimensionWriter writer = new LateDimensionWriter(redis, lateMs, spreadMs)) {
            int maxRows = Math.max(rows, Math.max(syncRows, warmupRows));
            loadOnTime(redis, maxRows, lateEvery);
            Configuration config = new Configuration();
            config.setString(
                    "metrics.reporter.delayedretry.factory.class",
                    PendingKeysReporter.class.getName());
            try (FlinkCluster flink = FlinkCluster.start(1, P, config)) {
                StreamExecutionEnvironment streamEnv = flink.streamEnvironment();
                StreamTableEnvironment env = StreamTableEnvironment.create(streamEnv);
                env.getConfig()
                        .set(ExecutionConfigOptions.TABLE_EXEC_RESOURCE_DEFAULT_PARALLELISM, P);
                env.getConfig()
                        .set(
                                ExecutionConfigOptions.TABLE_EXEC_ASYNC_LOOKUP_OUTPUT_MODE,
                                ExecutionConfigOptions.AsyncOutputMode.ALLOW_UNORDERED);
                env.getConfig()
                        .set(
                                ExecutionConfigOptions.TABLE_EXEC_ASYNC_LOOKUP_BUFFER_CAPACITY,
                                capacity);
                env.createTemporarySystemFunction("EMIT_KEY", EmitKeyFunction.class);
                env.createTemporarySystemFunction("ARRIVE", ArrivalFunction.class);
                env.executeSql(
                        "CREATE TEMPORARY TABLE sink (v STRING) WITH ('connector' = 'blackhole')");
                for (DelayedRetryVariant v : DelayedRetryVariant.values()) {
                    String ddl = v.ddl(redis.host(), redis.port(), attempts, intervalMs);
                    if (ddl != null) {
                        env.executeSql(ddl);
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "Delayed retry of lookup misses: %,d rows (sync hint variant: %,d), 1 in %d"
                                + " late by %d-%d ms, parallelism %d, Redis %s standalone, retry every"
                                + " %d ms x %d, async buffer capacity %,d, unordered, %d rounds;"
                                + " availableProcessors %d, common pool parallelism %d%n",
                        rows,
                        syncRows,
                        lateEvery,
                        lateMs,
                        lateMs + spreadMs,
                        P,
                        redis.version(),
                        intervalMs,
                        attempts,
                        capacity,
                        rounds,
                        Runtime.getRuntime().availableProcessors(),
                        ForkJoinPool.getCommonPoolParallelism());
                new DelayedRetryBenchmark(
                                env,
                                streamEnv,
                                flink,
                                redis,
                                writer,
                                lateEvery,
                                attempts,
                                intervalMs,
                                maxSeconds)
                        .run(variants, rows, rounds, syncRows, warmupRows);
            }
        }
        System.out.printf(Locale.ROOT, "total time %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private void run(
            List<DelayedRetryVariant> variants, int rows, int rounds, int syncRows, int warmupRows)
            throws Exception {
        createProbe(rows);
        for (DelayedRetryVariant v : DelayedRetryVariant.values()) {
            if (v == DelayedRetryVariant.OURS_DATASTREAM) {
                continue;
            }
            String plan =
                    env.explainSql(v.insert(redis.host(), redis.port(), attempts, intervalMs));
            String physical = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
            for (String line : physical.split("\n")) {
                if (line.contains("LookupJoin") || line.contains("ProcessTableFunction")) {
                    System.out.println(v.label() + ": " + line.trim());
                }
            }
        }
        for (DelayedRetryVariant v : variants) {
            print("warm", execute(v, warmupRows));
        }
        Map<DelayedRetryVariant, List<DelayedRetryRun>> byVariant =
                new EnumMap<>(DelayedRetryVariant.class);
        for (int round = 1; round <= rounds; round++) {
            List<DelayedRetryVariant> order = new ArrayList<>(variants);
            if (round % 2 == 0) {
                Collections.reverse(order); // ABBA
            }
            for (DelayedRetryVariant v : order) {
                DelayedRetryRun run = execute(v, rows);
                byVariant.computeIfAbsent(v, x -> new ArrayList<>()).add(run);
                print(Integer.toString(round), run);
            }
        }
        if (syncRows > 0) {
            DelayedRetryRun sync = execute(DelayedRetryVariant.FLINK_SYNC, syncRows);
            byVariant.put(DelayedRetryVariant.FLINK_SYNC, List.of(sync));
            print("once", sync);
        }
        summarize(byVariant);
    }

    private static final String HEADER =
            String.format(
                    Locale.ROOT,
                    "%-5s %-51s %8s %7s %11s %9s %9s %9s %8s %8s %8s %9s %9s %9s %9s %s",
                    "round",
                    "variant",
                    "rows",
                    "net s",
                    "onTime/s",
                    "onT miss",
                    "late join",
                    "late miss",
                    "lat p50",
                    "lat p95",
                    "lat max",
                    "maxInJoin",
                    "maxPendK",
                    "retries",
                    "redisCmds",
                    "");
    private boolean headerPrinted;

    private void print(String round, DelayedRetryRun run) {
        if (!headerPrinted) {
            System.out.println(HEADER);
            headerPrinted = true;
        }
        System.out.printf(
                Locale.ROOT,
                "%-5s %-51s %,8d %7.2f %,11.0f %9d %9d %9d %8.0f %8.0f %8.0f %,9d %,9d %,9d %,9d %s%n",
                round,
                run.label(),
                run.rows(),
                run.netMillis() / 1000.0,
                run.onTimePerSecond(),
                run.onTimeMissed(),
                run.lateJoined(),
                run.lateMissed(),
                run.latencyPercentile(50),
                run.latencyPercentile(95),
                run.latencyPercentile(100),
                run.maxInJoin(),
                run.maxPendingKeys(),
                run.retries(),
                run.redisCommands(),
                (run.capped()
                                ? "CAPPED at " + maxSeconds + " s, not arrived " + run.notArrived()
                                : "")
                        + (run.correct()
                                ? ""
                                : " INCORRECT: duplicates "
                                        + run.duplicates()
                                        + ", wrong "
                                        + run.wrong()
                                        + ", not arrived "
                                        + run.notArrived()));
    }

    /** Stream rows id 0..rows-1 (unthrottled), k = EMIT_KEY(id). */
    private void createProbe(int rows) {
        env.executeSql("DROP TEMPORARY TABLE IF EXISTS probe");
        env.executeSql(
                "CREATE TEMPORARY TABLE probe (id BIGINT, k AS EMIT_KEY(id), proc AS PROCTIME())"
                        + " WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence',"
                        + " 'fields.id.start' = '0', 'fields.id.end' = '"
                        + (rows - 1)
                        + "', 'rows-per-second' = '1000000000')");
        // the level-2 variant's probe: the same rows with an event time (the wall clock at the
        // source) and a watermark 1 ms behind, plus an endless tail (id -1, key 0: joined at once,
        // filtered out before ARRIVE) of 50 rows/s that keeps the watermark moving after the rows
        env.executeSql("DROP TEMPORARY VIEW IF EXISTS probe_ptf");
        env.executeSql("DROP TEMPORARY TABLE IF EXISTS probe_et");
        env.executeSql("DROP TEMPORARY TABLE IF EXISTS probe_tail");
        env.executeSql(
                "CREATE TEMPORARY TABLE probe_et (id BIGINT, k AS EMIT_KEY(id),"
                        + " ts AS CAST(CURRENT_TIMESTAMP AS TIMESTAMP_LTZ(3)),"
                        + " WATERMARK FOR ts AS ts - INTERVAL '0.001' SECOND)"
                        + " WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence',"
                        + " 'fields.id.start' = '0', 'fields.id.end' = '"
                        + (rows - 1)
                        + "', 'rows-per-second' = '1000000000')");
        env.executeSql(
                "CREATE TEMPORARY TABLE probe_tail (x BIGINT, id AS CAST(-1 AS BIGINT),"
                        + " k AS CAST(0 AS BIGINT),"
                        + " ts AS CAST(CURRENT_TIMESTAMP AS TIMESTAMP_LTZ(3)),"
                        + " WATERMARK FOR ts AS ts - INTERVAL '0.001' SECOND)"
                        + " WITH ('connector' = 'datagen', 'rows-per-second' = '50')");
        env.executeSql(
                "CREATE TEMPORARY VIEW probe_ptf AS SELECT id, k, ts FROM probe_et"
                        + " UNION ALL SELECT id, k, ts FROM probe_tail");
    }

    private DelayedRetryRun execute(DelayedRetryVariant variant, int rows) throws Exception {
        LateRowLog log = new LateRowLog(rows, lateEvery, writer);
        writer.recordInto(log.writeNanos); // forgets a cancelled job's pending writes
        deleteLate(rows);
        LateRowLog.install(log);
        PendingKeysReporter.resetCounters();
        commands.reset();
        createProbe(rows);
        AtomicLong maxInJoin = new AtomicLong();
        AtomicLong maxPending = new AtomicLong();
        Thread sampler =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                maxInJoin.accumulateAndGet(log.inJoin(), Math::max);
                                maxPending.accumulateAndGet(
                                        PendingKeysReporter.pendingKeys(), Math::max);
                                try {
                                    Thread.sleep(10);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "in-join-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long submitted = System.nanoTime();
        JobClient job =
                variant == DelayedRetryVariant.OURS_DATASTREAM
                        ? submitDataStreamJoin()
                        : env.executeSql(
                                        variant.insert(
                                                redis.host(), redis.port(), attempts, intervalMs))
                                .getJobClient()
                                .orElseThrow();
        boolean capped = false;
        long netMillis;
        if (variant.endless()) { // cancelled once every row is out; net s from submission
            long deadline = submitted + TimeUnit.SECONDS.toNanos(maxSeconds);
            while (log.arrived.sum() < rows && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            netMillis = (System.nanoTime() - submitted) / 1_000_000;
            capped = log.arrived.sum() < rows;
            job.cancel().get(60, TimeUnit.SECONDS);
        } else {
            try {
                JobExecutionResult done =
                        job.getJobExecutionResult().get(maxSeconds, TimeUnit.SECONDS);
                netMillis = done.getNetRuntime(TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                capped = true;
                job.cancel().get(60, TimeUnit.SECONDS);
                netMillis = (System.nanoTime() - submitted) / 1_000_000;
            }
        }
        sampler.interrupt();
        sampler.join();
        settle(capped);
        if (writer.failure() != null) {
            throw new IllegalStateException("the dimension writer failed", writer.failure());
        }
        RedisCommandCounter.Counts counts = commands.read();
        if (!capped && log.emitted.sum() != rows) {
            throw new IllegalStateException(
                    variant.label()
                            + ": EMIT_KEY ran "
                            + log.emitted.sum()
                            + " times for "
                            + rows
                            + " rows");
        }
        return collect(
                variant, log, rows, maxInJoin.get(), maxPending.get(), counts, netMillis, capped);
    }

    /**
     * Level 2's DataStream face: probe (id, k = EMIT_KEY(id)) → toDataStream → DelayedLookupJoin on
     * k through NO_RETRY_SYNC's table's sync lookup function → ARRIVE's code in a map → a
     * discarding sink, submitted like the INSERTs (async, on the same cluster).
     */
    private JobClient submitDataStreamJoin() throws Exception {
        RowType inputType =
                RowType.of(
                        new LogicalType[] {new BigIntType(), new BigIntType()},
                        new String[] {"id", "k"});
        DataStream<RowData> probe =
                env.toDataStream(
                        env.sqlQuery("SELECT id, k FROM probe"),
                        TypeConversions.fromLogicalToDataType(inputType).bridgedTo(RowData.class));
        TableLookupFunctions.Lookup lookup =
                TableLookupFunctions.of(env, DelayedRetryVariant.NO_RETRY_SYNC.table(), "id");
        DelayedLookupJoin join =
                DelayedLookupJoin.of(lookup.function(), lookup.rowType())
                        .keyFields(1)
                        .options(
                                Configuration.fromMap(
                                        Map.of(
                                                "lookup.delayed-retry.max-attempts",
                                                Integer.toString(attempts),
                                                "lookup.delayed-retry.interval",
                                                intervalMs + " ms")));
        int v = join.outputType(inputType).getFieldCount() - 1;
        join.apply(probe, inputType)
                .setParallelism(P)
                .map(new Arrive(v))
                .setParallelism(P)
                .sinkTo(new DiscardingSink<>())
                .setParallelism(P);
        return streamEnv.executeAsync("delayed-retry " + DelayedRetryVariant.OURS_DATASTREAM);
    }

    /** ARRIVE(id, v) on a joined row: the same code as the SQL variants' ARRIVE. */
    private static final class Arrive implements MapFunction<RowData, String> {
        private final int v;
        private transient ArrivalFunction arrive;

        Arrive(int v) {
            this.v = v;
        }

        @Override
        public String map(RowData row) {
            if (arrive == null) {
                arrive = new ArrivalFunction();
            }
            return arrive.eval(
                    row.getLong(0), row.isNullAt(v) ? null : row.getString(v).toString());
        }
    }

    /**
     * Waits until the job is gone, its slots are free and its metrics are removed (its counters
     * summed), so that nothing of it runs into the next job. After a cancelled Flink async-retry
     * job also waits for its retry threads (each sleeps up to attempts x interval) to end.
     */
    private void settle(boolean capped) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline
                && (!flink.runningJobs().isEmpty()
                        || flink.overview().getNumSlotsAvailable() != flink.totalSlots()
                        || PendingKeysReporter.anyLive())) {
            Thread.sleep(50);
        }
        Thread.sleep(capped ? attempts * intervalMs + 1000 : 300);
    }

    private DelayedRetryRun collect(
            DelayedRetryVariant variant,
            LateRowLog log,
            int rows,
            long maxInJoin,
            long maxPending,
            RedisCommandCounter.Counts counts,
            long netMillis,
            boolean capped) {
        int onTime = 0;
        int late = 0;
        long onTimeJoined = 0;
        long onTimeMissed = 0;
        long lateJoined = 0;
        long lateMissed = 0;
        long notArrived = 0;
        long duplicates = 0;
        long wrong = 0;
        long firstEmit = Long.MAX_VALUE;
        long lastOnTime = Long.MIN_VALUE;
        double[] latencies = new double[rows];
        int n = 0;
        for (int id = 0; id < rows; id++) {
            boolean isLate = log.isLate(id);
            if (isLate) {
                late++;
            } else {
                onTime++;
            }
            long emit = log.emitNanos.get(id);
            if (emit != 0) {
                firstEmit = Math.min(firstEmit, emit);
            }
            int arrivals = log.arrivals.get(id);
            if (arrivals == 0) {
                notArrived++;
                continue;
            }
            if (arrivals > 1) {
                duplicates += arrivals - 1;
            }
            int outcome = log.outcome.get(id);
            if (outcome == LateRowLog.WRONG) {
                wrong++;
            } else if (isLate) {
                if (outcome == LateRowLog.JOINED) {
                    lateJoined++;
                    long written = log.writeNanos.get(id);
                    latencies[n++] = (log.arrivalNanos.get(id) - written) / 1e6;
                } else {
                    lateMissed++;
                }
            } else {
                if (outcome == LateRowLog.JOINED) {
                    onTimeJoined++;
                } else {
                    onTimeMissed++;
                }
                lastOnTime = Math.max(lastOnTime, log.arrivalNanos.get(id));
            }
        }
        double[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double onTimeRate =
                lastOnTime > firstEmit ? onTimeJoined * 1e9 / (lastOnTime - firstEmit) : 0;
        return new DelayedRetryRun(
                variant.label(),
                rows,
                onTime,
                late,
                onTimeJoined,
                onTimeMissed,
                lateJoined,
                lateMissed,
                notArrived,
                duplicates,
                wrong,
                onTimeRate,
                sorted,
                maxInJoin,
                maxPending,
                PendingKeysReporter.counter("numRetries"),
                PendingKeysReporter.counter("numFinalMisses"),
                counts.commands(),
                counts.keysRead(),
                netMillis,
                capped);
    }

    private void summarize(Map<DelayedRetryVariant, List<DelayedRetryRun>> byVariant) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-51s %6s %12s %9s %9s %9s %9s %10s %10s %9s %9s%n",
                "variant",
                "runs",
                "onTime/s med",
                "lat p50",
                "lat p95",
                "lat max",
                "late join",
                "late miss",
                "maxInJoin",
                "correct",
                "capped");
        for (Map.Entry<DelayedRetryVariant, List<DelayedRetryRun>> e : byVariant.entrySet()) {
            List<DelayedRetryRun> runs = e.getValue();
            double[] pooled = DelayedRetryRun.pooled(runs);
            System.out.printf(
                    Locale.ROOT,
                    "%-51s %6d %,12.0f %9.0f %9.0f %9.0f %9d %10d %,10d %9s %9s%n",
                    e.getKey().label(),
                    runs.size(),
                    medianRate(runs),
                    percentile(pooled, 50),
                    percentile(pooled, 95),
                    percentile(pooled, 100),
                    runs.stream().mapToLong(DelayedRetryRun::lateJoined).sum(),
                    runs.stream().mapToLong(DelayedRetryRun::lateMissed).sum(),
                    runs.stream().mapToLong(DelayedRetryRun::maxInJoin).max().orElse(0),
                    runs.stream().allMatch(DelayedRetryRun::correct),
                    runs.stream().anyMatch(DelayedRetryRun::capped));
        }
        System.out.println();
        System.out.println("on-time throughput, median rows/s (ratio > 1: ours better)");
        for (DelayedRetryVariant ref :
                List.of(
                        DelayedRetryVariant.NO_RETRY,
                        DelayedRetryVariant.FLINK_ASYNC,
                        DelayedRetryVariant.FLINK_SYNC)) {
            compare(byVariant, DelayedRetryVariant.OURS, ref);
        }
        for (DelayedRetryVariant ref :
                List.of(
                        DelayedRetryVariant.NO_RETRY_SYNC,
                        DelayedRetryVariant.NO_RETRY,
                        DelayedRetryVariant.FLINK_ASYNC,
                        DelayedRetryVariant.FLINK_SYNC)) {
            compare(byVariant, DelayedRetryVariant.OURS_PTF, ref);
        }
        for (DelayedRetryVariant ref :
                List.of(DelayedRetryVariant.NO_RETRY_SYNC, DelayedRetryVariant.FLINK_ASYNC)) {
            compare(byVariant, DelayedRetryVariant.OURS_DATASTREAM, ref);
        }
        double goal = intervalMs * 1.1;
        lateLatency(byVariant, DelayedRetryVariant.OURS_DATASTREAM, goal, "");
        lateLatency(
                byVariant,
                DelayedRetryVariant.OURS_PTF,
                goal,
                " (event time: re-reads wait for the watermark)");
        lateLatency(byVariant, DelayedRetryVariant.OURS, goal, "");
    }

    /** One late-row latency line, when the variant ran: pooled over its rounds. */
    private static void lateLatency(
            Map<DelayedRetryVariant, List<DelayedRetryRun>> byVariant,
            DelayedRetryVariant variant,
            double goalMs,
            String remark) {
        List<DelayedRetryRun> runs = byVariant.get(variant);
        if (runs == null) {
            return;
        }
        double[] latencies = DelayedRetryRun.pooled(runs);
        System.out.printf(
                Locale.ROOT,
                "late rows, %s: joined %.0f ms (p50) / %.0f ms (p95) / %.0f ms (max) after their"
                        + " dimension write; goal <= interval + 10%% = %.0f ms%s%n",
                variant.label(),
                percentile(latencies, 50),
                percentile(latencies, 95),
                percentile(latencies, 100),
                goalMs,
                remark);
    }

    /** One throughput ratio line, when both variants ran. */
    private static void compare(
            Map<DelayedRetryVariant, List<DelayedRetryRun>> byVariant,
            DelayedRetryVariant ours,
            DelayedRetryVariant ref) {
        List<DelayedRetryRun> oursRuns = byVariant.get(ours);
        List<DelayedRetryRun> refRuns = byVariant.get(ref);
        if (oursRuns == null || refRuns == null) {
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "%s %,.0f vs %s %,.0f: %.2fx (per-round ratios %s)%n",
                ours.label(),
                medianRate(oursRuns),
                ref.label(),
                medianRate(refRuns),
                medianRate(oursRuns) / medianRate(refRuns),
                perRound(oursRuns, refRuns));
    }

    private static String perRound(List<DelayedRetryRun> ours, List<DelayedRetryRun> reference) {
        if (ours.size() != reference.size()) {
            return "-";
        }
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(
                    String.format(
                            Locale.ROOT,
                            "%.2f",
                            ours.get(i).onTimePerSecond() / reference.get(i).onTimePerSecond()));
        }
        return String.join(", ", ratios);
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
    }

    private static double medianRate(List<DelayedRetryRun> runs) {
        double[] rates =
                runs.stream().mapToDouble(DelayedRetryRun::onTimePerSecond).sorted().toArray();
        int n = rates.length;
        return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    }

    /** dim:&lt;id&gt; = v-&lt;id&gt; for every on-time id below rows. */
    private static void loadOnTime(RedisServer redis, int rows, int lateEvery) {
        long started = System.nanoTime();
        try (Jedis jedis = redis.newJedis()) {
            jedis.flushAll();
            Pipeline pipeline = jedis.pipelined();
            for (int id = 0; id < rows; id++) {
                if (id % lateEvery != lateEvery / 2) {
                    pipeline.set(LateDimensionWriter.PREFIX + id, "v-" + id);
                }
                if (id % 1000 == 999) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
            System.out.printf(
                    Locale.ROOT,
                    "loaded %,d on-time dimension rows in %d ms%n",
                    jedis.dbSize(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Removes the late rows' dimension rows a previous job's writer left. */
    private void deleteLate(int rows) {
        try (Jedis jedis = redis.newJedis()) {
            Pipeline pipeline = jedis.pipelined();
            for (int id = lateEvery / 2; id < rows; id += lateEvery) {
                pipeline.del(LateDimensionWriter.PREFIX + id);
                if (id % 10_000 < lateEvery) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
        }
    }
}
