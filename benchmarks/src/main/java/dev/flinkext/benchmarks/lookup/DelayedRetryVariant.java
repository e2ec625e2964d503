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
    OURS("ours: delayed-retry (async)", true, true, false),
    FLINK_ASYNC("Flink hint retry, async", true, false, true),
    FLINK_SYNC("Flink hint retry, sync", false, false, true);

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

    String table() {
        return "dim_" + name().toLowerCase(Locale.ROOT);
    }

    /** The dimension table's DDL on a standalone Redis at host:port. */
    String ddl(String host, int port, int attempts, long intervalMs) {
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

    /** The INSERT: probe LEFT JOIN this variant's table, ARRIVE(id, v) into the blackhole. */
    String insert(int attempts, long intervalMs) {
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
