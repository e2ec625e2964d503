package dev.flinkext.testing.flink;

import dev.flinkext.common.sql.SqlScript;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Runs SQL scripts and queries on the cluster of the registered {@link FlinkClusterExtension}, for
 * tests: each instance is a fresh TableEnvironment.
 *
 * <pre>{@code
 * FlinkSql sql = FlinkSql.batch();
 * sql.executeScript("CREATE TABLE t (...) WITH (...); INSERT INTO t VALUES (1, 'a');");
 * List<Row> rows = sql.collect("SELECT k, COUNT(*) FROM t GROUP BY k");
 * }</pre>
 *
 * <p>Jobs run with parallelism 2 (at most the cluster's slots) unless {@link #parallelism(int)
 * set}, so that two jobs (say, a streaming writer and a reader) fit on the default 4 slots. Every
 * wait is bounded by {@link #timeout(Duration)} (2 minutes by default).
 */
public final class FlinkSql {

    private static final ScheduledExecutorService WATCHDOG =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "flinkext-sql-timeout");
                        t.setDaemon(true);
                        return t;
                    });

    /** Leading comments and parentheses, then a keyword that starts a query. */
    private static final Pattern QUERY =
            Pattern.compile(
                    "(\\s|--[^\\n]*|/\\*.*?\\*/|\\()*(SELECT|WITH|VALUES|TABLE)\\b",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final TableEnvironment tableEnv;
    private Duration timeout = Duration.ofMinutes(2);

    private FlinkSql(EnvironmentSettings settings) {
        int slots = FlinkCluster.active().totalSlots(); // fails clearly without a cluster
        this.tableEnv = TableEnvironment.create(settings);
        parallelism(Math.min(2, slots));
    }

    /** A streaming-mode TableEnvironment on the cluster. */
    public static FlinkSql streaming() {
        return new FlinkSql(EnvironmentSettings.inStreamingMode());
    }

    /** A batch-mode TableEnvironment on the cluster. */
    public static FlinkSql batch() {
        return new FlinkSql(EnvironmentSettings.inBatchMode());
    }

    /** Default parallelism of the operators of the following jobs. */
    public FlinkSql parallelism(int parallelism) {
        tableEnv.getConfig()
                .set(ExecutionConfigOptions.TABLE_EXEC_RESOURCE_DEFAULT_PARALLELISM, parallelism);
        return this;
    }

    /** Sets a table or job option, as {@code SET 'key' = 'value'} would. */
    public FlinkSql set(String key, String value) {
        tableEnv.getConfig().getConfiguration().setString(key, value);
        return this;
    }

    /** The longest wait for a job or a query result (default 2 minutes). */
    public FlinkSql timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** The TableEnvironment, for what this class does not cover. */
    public TableEnvironment tableEnv() {
        return tableEnv;
    }

    /**
     * Runs the statements of {@code script} one after the other. DDL and other statements without a
     * job run directly; a statement that starts a job (INSERT, EXECUTE STATEMENT SET) is awaited
     * until the job finishes, so its sources must be bounded (use {@link #startScript} for
     * unbounded ones). Fails with the statement's text when one fails or does not finish in time.
     * Queries (SELECT) are refused: use {@link #collect(String)}.
     */
    public void executeScript(String script) {
        for (String statement : SqlScript.split(script)) {
            execute(statement).ifPresent(job -> await(statement, job));
        }
    }

    /** {@link #executeScript(String)} on the UTF-8 file {@code script}. */
    public void executeScript(Path script) {
        try {
            executeScript(Files.readString(script, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read SQL script " + script, e);
        }
    }

    /** {@link #executeScript(String)} on a UTF-8 class path resource, like {@code "sql/a.sql"}. */
    public void executeScriptResource(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No class path resource " + resource);
            }
            executeScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read SQL script " + resource, e);
        }
    }

    /**
     * Runs {@code script} like {@link #executeScript(String)} but does not wait for the jobs it
     * starts (streaming INSERTs from unbounded sources); returns them so the test can cancel them.
     * The cluster cancels jobs left running when it stops.
     */
    public List<JobClient> startScript(String script) {
        List<JobClient> jobs = new ArrayList<>();
        for (String statement : SqlScript.split(script)) {
            execute(statement).ifPresent(jobs::add);
        }
        return jobs;
    }

    /**
     * All rows of a bounded query (batch mode, or streaming on bounded sources). Rows are
     * positional, so they equal {@code Row.of(...)} (or {@code Row.ofKind(...)}) of the same
     * values.
     */
    public List<Row> collect(String query) {
        return collect(query, rows -> false);
    }

    /**
     * The first {@code limit} rows of a query, then cancels its job: works for unbounded streaming
     * queries. In streaming mode the rows are changelog rows (+I, -U, +U, -D).
     */
    public List<Row> collect(String query, int limit) {
        return collect(query, rows -> rows.size() >= limit);
    }

    /**
     * The final rows of a bounded updating query (say, a streaming GROUP BY): the changelog it
     * emits, applied to a multiset, as rows of kind +I.
     */
    public List<Row> collectMaterialized(String query) {
        return materialize(collect(query));
    }

    /**
     * The rows of an updating query's materialized result once {@code done} accepts them (for an
     * unbounded query whose result settles), then cancels its job.
     */
    public List<Row> collectMaterialized(String query, Predicate<List<Row>> done) {
        return materialize(collect(query, changes -> done.test(materialize(changes))));
    }

    /**
     * Applies a changelog to a multiset: +I and +U add a row, -U and -D remove one. Returns the
     * rows left, as kind +I, in the order they were first added.
     */
    public static List<Row> materialize(List<Row> changelog) {
        Map<Row, Integer> counts = new LinkedHashMap<>();
        for (Row change : changelog) {
            Row row = Row.copy(change);
            row.setKind(RowKind.INSERT);
            switch (change.getKind()) {
                case INSERT, UPDATE_AFTER -> counts.merge(row, 1, Integer::sum);
                case UPDATE_BEFORE, DELETE -> {
                    Integer count = counts.get(row);
                    if (count == null) {
                        throw new IllegalStateException(
                                "The changelog retracts a row it never added: " + change);
                    }
                    if (count == 1) {
                        counts.remove(row);
                    } else {
                        counts.put(row, count - 1);
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach(
                (row, count) -> {
                    for (int i = 0; i < count; i++) {
                        rows.add(row);
                    }
                });
        return rows;
    }

    /** Rows as Flink prints them, like {@code +I[1, a]}: easy to compare in assertions. */
    public static List<String> toStrings(List<Row> rows) {
        return rows.stream().map(Row::toString).toList();
    }

    private Optional<JobClient> execute(String statement) {
        if (QUERY.matcher(statement).lookingAt()) {
            throw new IllegalArgumentException(
                    "A script runs DDL and INSERTs; use collect() for this query: " + statement);
        }
        try {
            return tableEnv.executeSql(statement).getJobClient();
        } catch (RuntimeException e) {
            throw new IllegalStateException(failed(statement, e), e);
        }
    }

    private void await(String statement, JobClient job) {
        try {
            job.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.cancel();
            throw new IllegalStateException(
                    "Job did not finish within "
                            + timeout.toSeconds()
                            + " s (an unbounded source? use startScript) for: "
                            + statement,
                    e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(failed(statement, e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running: " + statement, e);
        }
    }

    /** Reads rows until {@code enough} says so or the result ends, then closes (cancels) it. */
    private List<Row> collect(String query, Predicate<List<Row>> enough) {
        List<Row> rows = new ArrayList<>();
        TableResult result;
        try {
            result = tableEnv.executeSql(query);
        } catch (RuntimeException e) {
            throw new IllegalStateException(failed(query, e), e);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        try (CloseableIterator<Row> it = result.collect()) {
            ScheduledFuture<?> watchdog =
                    WATCHDOG.schedule(
                            () -> {
                                timedOut.set(true);
                                closeQuietly(it);
                            },
                            timeout.toMillis(),
                            TimeUnit.MILLISECONDS);
            try {
                while (!enough.test(rows) && it.hasNext()) {
                    rows.add(positional(it.next()));
                }
            } finally {
                watchdog.cancel(false);
            }
        } catch (Exception e) {
            if (timedOut.get()) {
                throw new IllegalStateException(timedOut(query, rows), e);
            }
            throw new IllegalStateException(failed(query, e), e);
        }
        if (timedOut.get()) {
            throw new IllegalStateException(timedOut(query, rows));
        }
        return rows;
    }

    /**
     * Collected rows carry field names too, and then never equal {@code Row.of(...)}; tests compare
     * positions only.
     */
    private static Row positional(Row row) {
        Row plain = Row.withPositions(row.getKind(), row.getArity());
        for (int i = 0; i < row.getArity(); i++) {
            plain.setField(i, row.getField(i));
        }
        return plain;
    }

    private String timedOut(String query, List<Row> rows) {
        return "Query did not deliver the expected rows within "
                + timeout.toSeconds()
                + " s; got "
                + rows.size()
                + " "
                + toStrings(rows)
                + ": "
                + query;
    }

    private static String failed(String statement, Throwable e) {
        return "Failed: " + statement + "\n  because: " + e;
    }

    private static void closeQuietly(CloseableIterator<Row> it) {
        try {
            it.close();
        } catch (Exception ignored) {
            // the job may be gone already
        }
    }
}
