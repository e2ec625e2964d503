package dev.flinkext.lookup.full;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.lookup.config.FullCacheOptions;
import dev.flinkext.lookup.partition.KeyPartitioning;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.table.connector.source.lookup.cache.trigger.CacheReloadTrigger;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import static dev.flinkext.lookup.metrics.LookupMetricNames.HIT_RATE;
import static dev.flinkext.lookup.metrics.LookupMetricNames.LAST_RELOAD_FAILED;
import static dev.flinkext.lookup.metrics.LookupMetricNames.RELOADS;
import static dev.flinkext.lookup.metrics.LookupMetricNames.RELOAD_FAILURES;

/**
 * A lookup function that serves every lookup from an in-memory copy of the whole dimension table,
 * loaded by a connector's own {@link FullCacheLoader} and reloaded on Flink's standard FULL cache
 * triggers ({@code lookup.full-cache.*}). Unlike Flink's {@code FullCachingLookupProvider} it needs
 * no {@code InputFormat}. Return it from {@code getLookupRuntimeProvider} with {@code
 * LookupFunctionProvider.of(function)}.
 *
 * <p>The first load runs in {@link #open} (the task does not start before it succeeds; a failure
 * fails the task). A failed reload keeps serving the previous copy. All subtasks of a task manager
 * that load the same scope share one copy.
 *
 * <p>Metrics, in the operator's {@code cache} group: Flink's standard cache names (hitCount,
 * missCount, loadCount, numLoadFailures, latestLoadTime, numCachedRecords, numCachedBytes) plus
 * numReloads, numReloadFailures and lastReloadFailed.
 */
public final class FullCachingLookupFunction extends LookupFunction {

    private static final long serialVersionUID = 1L;

    /** Flink's name for the lookup cache metric group. */
    public static final String CACHE_METRIC_GROUP = "cache";

    private final String tableName;
    private final FullCacheLoader loader;
    private final KeyProjection keys;
    @Nullable private final KeyProjection primaryKey;
    private final FullCacheOptions options;
    private final @Nullable KeyPartitioning partitioning;
    private final @Nullable CacheReloadTrigger customTrigger;

    private transient SharedResources.Lease<FullCache> lease;
    private transient FullCache cache;
    private transient Counter hits;
    private transient Counter misses;
    private transient LoadScope scope;

    private FullCachingLookupFunction(Builder builder) {
        this.tableName = builder.tableName;
        this.loader = builder.loader;
        this.keys = builder.keys;
        this.primaryKey = builder.primaryKey;
        this.options = builder.options;
        this.partitioning = builder.partitioning;
        this.customTrigger = builder.trigger;
    }

    /**
     * Starts a builder.
     *
     * @param tableName names the table in logs and errors (e.g. the object identifier)
     * @param loader reads the table
     * @param rowType the type of the rows the loader produces
     * @param lookupKeys {@code LookupContext.getKeys()}
     */
    public static Builder builder(
            String tableName, FullCacheLoader loader, RowType rowType, int[][] lookupKeys) {
        return new Builder(tableName, loader, KeyProjection.of(rowType, lookupKeys));
    }

    /** Starts a builder with a ready key projection. */
    public static Builder builder(String tableName, FullCacheLoader loader, KeyProjection keys) {
        return new Builder(tableName, loader, keys);
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        super.open(context);
        scope =
                partitioning == null
                        ? LoadScope.all()
                        : LoadScope.of(
                                context.getTaskInfo().getIndexOfThisSubtask(),
                                context.getTaskInfo().getNumberOfParallelSubtasks(),
                                partitioning);
        String cacheId =
                "full-cache:"
                        + functionIdentifier()
                        + "#"
                        + scope.subtask()
                        + "/"
                        + scope.numSubtasks();
        lease = SharedResources.acquire(cacheId, () -> newCache(scope));
        try {
            lease.get().open(context);
        } catch (Exception e) {
            lease.close();
            lease = null;
            throw e;
        }
        cache = lease.get();
        registerMetrics(context.getMetricGroup().addGroup(CACHE_METRIC_GROUP));
    }

    private FullCache newCache(LoadScope scope) {
        String name = scope.isAll() ? tableName : tableName + " " + scope;
        CacheReloadTrigger trigger =
                customTrigger != null ? customTrigger : options.createReloadTrigger();
        return new FullCache(name, loader, keys, primaryKey, options, trigger, scope);
    }

    private void registerMetrics(MetricGroup group) {
        FullCache shared = cache;
        hits = group.counter("hitCount", new SimpleCounter());
        misses = group.counter("missCount", new SimpleCounter());
        group.counter("loadCount", shared.loads);
        group.counter("numLoadFailures", shared.loadFailures);
        group.gauge("latestLoadTime", (Gauge<Long>) shared::latestLoadTimeMs);
        group.gauge("numCachedRecords", (Gauge<Long>) shared::numCachedKeys);
        group.gauge("numCachedBytes", (Gauge<Long>) shared::estimatedBytes);
        Counter hitCount = hits;
        Counter missCount = misses;
        group.gauge(
                HIT_RATE,
                (Gauge<Double>)
                        () -> {
                            long all = hitCount.getCount() + missCount.getCount();
                            return all == 0 ? 0.0 : (double) hitCount.getCount() / all;
                        });
        group.counter(RELOADS, shared.reloads);
        group.counter(RELOAD_FAILURES, shared.reloadFailures);
        group.gauge(LAST_RELOAD_FAILED, (Gauge<Integer>) () -> shared.lastReloadFailed() ? 1 : 0);
    }

    @Override
    public Collection<RowData> lookup(RowData keyRow) {
        if (!scope.owns(keyRow)) {
            throw new IllegalStateException(
                    String.format(
                            "The FULL cache of %s holds only the keys of %s, but was asked for"
                                    + " %s, a key of subtask %d: the lookup join's input is not"
                                    + " partitioned by the table's key as planned (was the"
                                    + " partitioning dropped from the plan? Flink drops one that"
                                    + " spreads hot keys when the input has updates or deletes:"
                                    + " remove 'lookup.shuffle.hot-keys' for such a query)."
                                    + " Failing rather than answering a miss.",
                            tableName, scope, keyRow, homeOf(keyRow)));
        }
        List<RowData> rows = cache.get(keyRow);
        if (rows == null) {
            misses.inc();
            return Collections.emptyList();
        }
        hits.inc();
        return rows;
    }

    @Override
    public void close() throws Exception {
        if (lease != null) {
            cache = null;
            lease.close();
            lease = null;
        }
        super.close();
    }

    private int homeOf(RowData key) {
        for (int subtask = 0; subtask < scope.numSubtasks(); subtask++) {
            if (partitioning.owns(key, subtask, scope.numSubtasks())) {
                return subtask;
            }
        }
        return -1;
    }

    /** Keys in the cache this function uses (for tests; the metric is numCachedRecords). */
    long numCachedKeys() {
        return cache.numCachedKeys();
    }

    public String tableName() {
        return tableName;
    }

    public FullCacheOptions options() {
        return options;
    }

    /** Who owns which key when each subtask loads only its own (null: every subtask loads all). */
    public @Nullable KeyPartitioning partitioning() {
        return partitioning;
    }

    public KeyProjection keyProjection() {
        return keys;
    }

    /** Builds a {@link FullCachingLookupFunction}. */
    public static final class Builder {
        private final String tableName;
        private final FullCacheLoader loader;
        private final KeyProjection keys;
        private FullCacheOptions options;
        private @Nullable KeyPartitioning partitioning;
        private @Nullable KeyProjection primaryKey;
        private @Nullable CacheReloadTrigger trigger;

        private Builder(String tableName, FullCacheLoader loader, KeyProjection keys) {
            this.tableName = Objects.requireNonNull(tableName, "tableName");
            this.loader = Objects.requireNonNull(loader, "loader");
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /** The table's FULL cache options (required unless a custom trigger is given). */
        public Builder options(FullCacheOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Deduplicates each load by this primary key: of the rows read with the same key, the last
         * one read wins (within one split; splits must not share keys). Without it every row read
         * is kept.
         */
        public Builder deduplicateBy(KeyProjection primaryKey) {
            this.primaryKey = Objects.requireNonNull(primaryKey, "primaryKey");
            return this;
        }

        /**
         * Each subtask loads and keeps only the keys {@code partitioning} gives it: for lookup
         * joins whose input the planner partitions with the same {@code partitioning}. A key of
         * another subtask then fails the lookup (the input was not partitioned so), never a silent
         * miss. Default: every subtask loads the whole table.
         */
        public Builder partitioned(KeyPartitioning partitioning) {
            this.partitioning = Objects.requireNonNull(partitioning, "partitioning");
            return this;
        }

        /**
         * Reload on this trigger instead of the one the options describe (custom schedules, tests).
         * It fires reloads through its context; the first load happens regardless.
         */
        public Builder reloadTrigger(CacheReloadTrigger trigger) {
            this.trigger = Objects.requireNonNull(trigger, "trigger");
            return this;
        }

        public FullCachingLookupFunction build() {
            if (options == null) {
                throw new IllegalStateException(
                        "FullCachingLookupFunction of "
                                + tableName
                                + ": FullCacheOptions are required");
            }
            return new FullCachingLookupFunction(this);
        }
    }
}
