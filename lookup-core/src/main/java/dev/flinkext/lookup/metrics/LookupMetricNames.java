package dev.flinkext.lookup.metrics;

/**
 * Metric names shared by every flinkext lookup, so dashboards work across connectors.
 *
 * <p>Cache metrics live in Flink's standard {@code cache} group of the lookup operator (registered
 * through {@code CacheMetricGroup}: hitCount, missCount, loadCount, numLoadFailures,
 * latestLoadTime, numCachedRecords, numCachedBytes) plus the extra names below. Batching metrics
 * live in the operator's {@value #GROUP} group.
 */
public final class LookupMetricNames {

    private LookupMetricNames() {}

    /** Sub-group of the operator's metric group for batching metrics. */
    public static final String GROUP = "lookup";

    // batching (group "lookup")
    public static final String BATCHES = "numBatches";
    public static final String BATCH_SIZE = "batchSize";
    public static final String BATCH_LATENCY_MS = "batchLatencyMs";
    public static final String READ_FAILURES = "numReadFailures";
    public static final String RETRIES = "numRetries";
    public static final String PENDING_KEYS = "pendingKeys";

    // partial cache extras (group "cache")
    public static final String EVICTIONS = "numEvictions";

    /** Cache hits / lookups so far, 0 before any (PARTIAL and FULL caches; per subtask). */
    public static final String HIT_RATE = "hitRate";

    public static final String REFRESHES = "numRefreshes";
    public static final String REFRESH_FAILURES = "numRefreshFailures";

    // full cache extras (group "cache")
    public static final String RELOADS = "numReloads";
    public static final String RELOAD_FAILURES = "numReloadFailures";
    public static final String LAST_RELOAD_FAILED = "lastReloadFailed";
}
