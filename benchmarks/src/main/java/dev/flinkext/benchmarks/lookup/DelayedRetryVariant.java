package dev.flinkext.benchmarks.lookup;

import java.util.Locale;

/**
 * The ways {@link DelayedRetryBenchmark} joins stream rows whose dimension row may come later: no
 * retry, flinkext's {@code lookup.delayed-retry.*} on an async lookup, and Flink's LOOKUP-hint
 * retry ({@code 'retry-predicate' = 'lookup_miss'}, {@code fixed_delay}) on a sync and on an async
 * lookup of the same connector. Every variant has a dimension table of its own ({@link #table()})
 * over the same Redis keys.
 */
enum DelayedRetryVariant {
    NO_RETRY("no retry (async)", true, false, false),
    /** The same sync lookup join as level 2 reads with, no retry: level 2's own baseline. */
    NO_RETRY_SYNC("no retry (sync)", false, false, false),
    OURS("ours: delayed-retry (async)", true, true, false),
    FLINK_ASYNC("Flink hint retry, async", true, false, true),
    FLINK_SYNC("Flink hint retry, sync", false, false, true),
    /**
     * Level 2, the SQL face: delayed-join's {@code delayed_lookup} process table function over a
     * sync lookup of the same Redis keys, misses waiting in keyed state under event-time timers.
     * Its probe ({@code probe_ptf}) has an event time (wall clock at the source) and a watermark,
     * and a slow endless tail that keeps the watermark moving after the rows (a bounded input's
     * last watermark would fire every waiting re-read at once): the job is cancelled once every row
     * is out.
     */
    OURS_PTF("ours level 2: delayed_lookup PTF (sync, event time)", false, true, false),
    /**
     * Level 2, the DataStream face: {@code DelayedLookupJoin} over the probe's rows (toDataStream
     * of {@code probe}, EMIT_KEY still in the source's chain), reading through NO_RETRY_SYNC's
     * table's sync lookup function, misses waiting in keyed state under processing-time timers;
     * ARRIVE's code in a map after it. Not an INSERT: {@link DelayedRetryBenchmark} builds its job.
     */
    OURS_DATASTREAM("ours level 2: DelayedLookupJoin (sync, proc time)", false, true, false);

    static final String PTF_CLASS = "dev.flinkext.delayed.sql.DelayedLookupTableFunction";

    private final String label;
    private final boolean async;
    private final boolean delayedRetry;
    private final boolean hint;

    DelayedRetryVariant(String label, boolean async, boolean delayedRetry, boolean hint) {
        this.label = label;
        this.async = async;
        this.delayedRetry = delayedRetry;
        this.hint = hint;
    }

    String label() {
        return label;
    }

    /**
     * The job does not end by itself (its probe has an endless tail): cancel it once all are out.
     */
    boolean endless() {
        return this == OURS_PTF;
    }

    String table() {
        return "dim_" + name().toLowerCase(Locale.ROOT);
    }

    /** The dimension table's DDL on a standalone Redis at host:port (the PTF's: the function). */
    String ddl(String host, int port, int attempts, long intervalMs) {
        if (this == OURS_DATASTREAM) {
            return null; // reads NO_RETRY_SYNC's table
        }
        if (this == OURS_PTF) {
            return "CREATE TEMPORARY FUNCTION delayed_lookup AS '" + PTF_CLASS + "'";
        }
        return "CREATE TEMPORARY TABLE "
                + table()
                + " (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + "'connector' = 'redis', 'host' = '"
                + host
                + "', 'port' = '"
                + port
                + "', 'key-prefix' = '"
                + LateDimensionWriter.PREFIX
                + "', 'lookup.async' = '"
                + async
                + "'"
                + (delayedRetry
                        ? ", 'lookup.delayed-retry.max-attempts' = '"
                                + attempts
                                + "', 'lookup.delayed-retry.interval' = '"
                                + intervalMs
                                + " ms'"
                        : "")
                + ")";
    }

    /**
     * The INSERT: probe LEFT JOIN this variant's table, ARRIVE(id, v) into the blackhole; for the
     * PTF, delayed_lookup over probe_ptf (its tail rows, id -1, filtered out before ARRIVE).
     */
    String insert(String host, int port, int attempts, long intervalMs) {
        if (this == OURS_DATASTREAM) {
            return null; // a DataStream job
        }
        if (this == OURS_PTF) {
            return "INSERT INTO sink SELECT ARRIVE(id, v) FROM delayed_lookup("
                    + "input => TABLE probe_ptf PARTITION BY k, on_time => DESCRIPTOR(ts),"
                    + " dim_columns => 'id BIGINT, v STRING', dim_keys => DESCRIPTOR(id),"
                    + " dim_options => MAP['connector', 'redis', 'host', '"
                    + host
                    + "', 'port', '"
                    + port
                    + "', 'key-prefix', '"
                    + LateDimensionWriter.PREFIX
                    + "', 'lookup.async', 'false', 'lookup.delayed-retry.max-attempts', '"
                    + attempts
                    + "', 'lookup.delayed-retry.interval', '"
                    + intervalMs
                    + " ms']) WHERE id >= 0";
        }
        String hintText =
                hint
                        ? "/*+ LOOKUP('table'='d', 'retry-predicate'='lookup_miss',"
                                + " 'retry-strategy'='fixed_delay', 'fixed-delay'='"
                                + intervalMs
                                + "ms', 'max-attempts'='"
                                + attempts
                                + "') */ "
                        : "";
        return "INSERT INTO sink SELECT "
                + hintText
                + "ARRIVE(p.id, d.v) FROM probe AS p LEFT JOIN "
                + table()
                + " FOR SYSTEM_TIME AS OF p.proc AS d ON p.k = d.id";
    }
}
