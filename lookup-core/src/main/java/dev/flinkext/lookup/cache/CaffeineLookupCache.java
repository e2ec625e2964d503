package dev.flinkext.lookup.cache;

import dev.flinkext.common.concurrent.DaemonThreadFactory;
import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.lookup.config.PartialCacheOptions;
import dev.flinkext.lookup.metrics.LookupMetricNames;

import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.metrics.groups.CacheMetricGroup;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.data.RowData;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Caffeine-backed {@link LookupCache} for Flink's {@code PartialCachingLookupProvider} and {@code
 * PartialCachingAsyncLookupProvider}, configured by {@link PartialCacheOptions}.
 *
 * <p>Beyond Flink's {@code DefaultLookupCache}: W-TinyLFU eviction, a separate TTL for missing
 * keys, refresh-ahead (a hit on an entry older than {@code refresh-after-write} returns the cached
 * rows at once and reloads that key in the background, one reload per key at a time), and an
 * optional bound in estimated bytes.
 *
 * <p>Flink shares one instance among all subtasks of a task manager ({@code LookupCacheManager}):
 * {@link #open} is called once per subtask, builds the cache only the first time and registers the
 * metrics in every group it is given. Only the options and the reader are serialized.
 */
public final class CaffeineLookupCache implements LookupCache {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CaffeineLookupCache.class);
    private static final long NEVER = Long.MAX_VALUE;
    private static final int REFRESH_THREADS = 2;

    private final PartialCacheOptions options;
    private final @Nullable MultiKeyReader refresher;

    // test hooks, set before open(); production uses the system ticker and background threads
    private transient @Nullable Ticker tickerOverride;
    private transient @Nullable Executor executorOverride;

    // runtime state, built by the first open()
    private transient Cache<RowData, CacheEntry> cache;
    private transient Ticker ticker;
    private transient Executor refreshExecutor;
    private transient @Nullable ExecutorService ownedRefreshPool;
    private transient ConcurrentHashMap<RowData, Boolean> refreshesInFlight;
    private transient LongAdder cachedBytes;
    private transient Counter hits;
    private transient Counter misses;
    private transient Counter evictions;
    private transient Counter refreshes;
    private transient Counter refreshFailures;

    /**
     * Creates the (not yet opened) cache {@code options} describe.
     *
     * @param refresher the store's multi-key read, used for refresh-ahead; may be null when {@code
     *     lookup.partial-cache.refresh-after-write} is not set
     * @throws org.apache.flink.table.api.ValidationException if refresh-ahead is configured but
     *     {@code refresher} is null
     */
    public static CaffeineLookupCache of(
            PartialCacheOptions options, @Nullable MultiKeyReader refresher) {
        options.requireRefresher(refresher != null);
        return new CaffeineLookupCache(options, refresher);
    }

    /** Use {@link #of}, which also checks the reader against the options. */
    public CaffeineLookupCache(PartialCacheOptions options, @Nullable MultiKeyReader refresher) {
        this.options = options;
        this.refresher = refresher;
    }

    @Override
    public void open(CacheMetricGroup metricGroup) {
        synchronized (this) {
            if (cache == null) {
                start();
            }
        }
        metricGroup.hitCounter(hits);
        metricGroup.missCounter(misses);
        metricGroup.numCachedRecordsGauge(this::size);
        metricGroup.numCachedBytesGauge(this::estimatedBytes);
        metricGroup.gauge(LookupMetricNames.HIT_RATE, (Gauge<Double>) this::hitRate);
        metricGroup.counter(LookupMetricNames.EVICTIONS, evictions);
        if (refreshEnabled()) {
            metricGroup.counter(LookupMetricNames.REFRESHES, refreshes);
            metricGroup.counter(LookupMetricNames.REFRESH_FAILURES, refreshFailures);
        }
    }

    private void start() {
        ticker = tickerOverride != null ? tickerOverride : Ticker.systemTicker();
        cachedBytes = new LongAdder();
        hits = new ThreadSafeSimpleCounter();
        misses = new ThreadSafeSimpleCounter();
        evictions = new ThreadSafeSimpleCounter();
        refreshes = new ThreadSafeSimpleCounter();
        refreshFailures = new ThreadSafeSimpleCounter();
        refreshesInFlight = new ConcurrentHashMap<>();

        Caffeine<Object, Object> builder = Caffeine.newBuilder().ticker(ticker);
        if (executorOverride != null) {
            builder.executor(executorOverride);
        }
        options.maxRows().ifPresent(builder::maximumSize);
        options.maxBytes()
                .ifPresent(
                        bytes ->
                                builder.maximumWeight(bytes)
                                        .<RowData, CacheEntry>weigher((k, e) -> e.weight()));
        if (options.expireAfterWrite().isPresent()
                || options.expireAfterAccess().isPresent()
                || options.missingKeyTtl().isPresent()) {
            builder.expireAfter(
                    new EntryExpiry(
                            nanos(options.expireAfterWrite().orElse(null)),
                            nanos(options.expireAfterAccess().orElse(null)),
                            nanos(options.missingKeyTtl().orElse(null))));
        }
        // open the reader first: if it fails, cache stays null and the next open() retries
        if (refreshEnabled()) {
            openRefresher();
        }
        // every removal (replaced, expired, evicted, invalidated) gives its bytes back
        cache =
                builder.<RowData, CacheEntry>removalListener(
                                (key, entry, cause) -> {
                                    if (entry != null) {
                                        cachedBytes.add(-entry.estimatedBytes);
                                    }
                                    if (cause == RemovalCause.SIZE) {
                                        evictions.inc();
                                    }
                                })
                        .build();
    }

    private void openRefresher() {
        try {
            refresher.open(new RefreshReaderContext(userCodeClassLoader()));
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Could not open the reader that refreshes the partial lookup cache", e);
        }
        if (executorOverride != null) {
            refreshExecutor = executorOverride;
        } else {
            ownedRefreshPool =
                    Executors.newFixedThreadPool(
                            REFRESH_THREADS,
                            DaemonThreadFactory.named("flinkext-lookup-cache-refresh"));
            refreshExecutor = ownedRefreshPool;
        }
    }

    @Nullable
    @Override
    public Collection<RowData> getIfPresent(RowData key) {
        CacheEntry entry = cache.getIfPresent(key);
        if (entry == null) {
            misses.inc();
            return null;
        }
        hits.inc();
        // overflow-safe comparison of ticker times, as for System.nanoTime()
        if (refreshEnabled() && ticker.read() - entry.refreshDueAtNanos >= 0) {
            refreshAhead(cache, key, entry);
        }
        return entry.rows;
    }

    @Override
    public Collection<RowData> put(RowData key, Collection<RowData> rows) {
        if (key == null || rows == null) {
            throw new NullPointerException("The partial lookup cache takes no null key or rows");
        }
        // Flink's caching functions put an empty collection for every missing key.
        if (rows.isEmpty() && !options.cacheMissingKey()) {
            return null;
        }
        CacheEntry previous = cache.asMap().put(key, newEntry(key, rows));
        return previous == null ? null : previous.rows;
    }

    @Override
    public void invalidate(RowData key) {
        cache.invalidate(key);
    }

    @Override
    public long size() {
        Cache<RowData, CacheEntry> current = cache;
        return current == null ? 0 : current.estimatedSize();
    }

    /** Hits per lookup so far (the hitRate gauge). */
    double hitRate() {
        long hit = hits.getCount();
        long all = hit + misses.getCount();
        return all == 0 ? 0 : (double) hit / all;
    }

    /** Estimated bytes of every cached key and row (the numCachedBytes gauge). */
    public long estimatedBytes() {
        LongAdder current = cachedBytes;
        return current == null ? 0 : Math.max(0, current.sum());
    }

    @Override
    public synchronized void close() throws Exception {
        // LookupCacheManager closes a shared cache once, after its last subtask; a later open()
        // (e.g. after a restart in the same task manager) starts afresh.
        if (cache == null) {
            return;
        }
        if (ownedRefreshPool != null) {
            ownedRefreshPool.shutdownNow();
            ownedRefreshPool = null;
        }
        cache.invalidateAll();
        cache.cleanUp();
        cache = null;
        if (refreshEnabled()) {
            refresher.close();
        }
    }

    /** Starts one background reload of {@code key} unless one is already running. */
    private void refreshAhead(Cache<RowData, CacheEntry> target, RowData key, CacheEntry stale) {
        if (refreshesInFlight.putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        refreshes.inc();
        try {
            refreshExecutor.execute(() -> reload(target, key, stale));
        } catch (RuntimeException e) { // executor shut down by close()
            refreshesInFlight.remove(key);
        }
    }

    private void reload(Cache<RowData, CacheEntry> target, RowData key, CacheEntry stale) {
        CompletableFuture<Map<RowData, Collection<RowData>>> read;
        try {
            read = refresher.readAll(List.of(key));
        } catch (Throwable t) {
            read = CompletableFuture.failedFuture(t);
        }
        read.whenComplete(
                (result, error) -> {
                    try {
                        if (error != null) {
                            refreshFailed(key, stale, error);
                        } else {
                            refreshed(target, key, stale, rowsOf(key, result));
                        }
                    } finally {
                        refreshesInFlight.remove(key);
                    }
                });
    }

    private void refreshed(
            Cache<RowData, CacheEntry> target,
            RowData key,
            CacheEntry stale,
            Collection<RowData> rows) {
        Map<RowData, CacheEntry> map = target.asMap();
        // replace/remove only the entry we refreshed: a concurrent put is newer and wins
        if (rows.isEmpty() && !options.cacheMissingKey()) {
            map.remove(key, stale);
            return;
        }
        CacheEntry fresh = newEntry(key, rows);
        if (!map.replace(key, stale, fresh)) {
            cachedBytes.add(-fresh.estimatedBytes); // never inserted
        }
    }

    private void refreshFailed(RowData key, CacheEntry stale, Throwable error) {
        refreshFailures.inc();
        // one attempt per refresh interval per key, so a down store is not hammered by every hit
        stale.refreshDueAtNanos = ticker.read() + refreshNanos();
        LOG.warn(
                "Refreshing the cached rows of lookup key {} failed; the cached rows are served"
                        + " until they expire.",
                key,
                error);
    }

    private static Collection<RowData> rowsOf(
            RowData key, @Nullable Map<RowData, Collection<RowData>> result) {
        if (result == null || result.isEmpty()) {
            return Collections.emptyList();
        }
        Collection<RowData> rows = result.get(key);
        if (rows == null && result.size() == 1) {
            // one key was asked for; a reader may return it as another RowData class
            rows = result.values().iterator().next();
        }
        return rows == null ? Collections.emptyList() : rows;
    }

    private CacheEntry newEntry(RowData key, Collection<RowData> rows) {
        long now = ticker.read();
        long bytes = RowSizeEstimator.INSTANCE.estimateEntry(key, rows);
        cachedBytes.add(bytes);
        long refreshDue = refreshEnabled() ? now + refreshNanos() : NEVER;
        return new CacheEntry(rows, now, bytes, refreshDue);
    }

    /** Refresh-ahead needs both the option and a reader; a reader alone stays unused. */
    private boolean refreshEnabled() {
        return refresher != null && options.refreshAfterWrite().isPresent();
    }

    private long refreshNanos() {
        return nanos(options.refreshAfterWrite().orElseThrow());
    }

    private static long nanos(@Nullable Duration duration) {
        return duration == null ? NEVER : saturatedNanos(duration);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return NEVER;
        }
    }

    private static ClassLoader userCodeClassLoader() {
        // Flink opens lookup functions (and so this cache) on the task thread, whose context
        // class loader is the job's user-code class loader.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : CaffeineLookupCache.class.getClassLoader();
    }

    public PartialCacheOptions options() {
        return options;
    }

    /** Runs maintenance (expiry, eviction) now; for tests. */
    @VisibleForTesting
    void cleanUp() {
        cache.cleanUp();
    }

    /** Replaces the clock; call before {@link #open}. */
    @VisibleForTesting
    void withTicker(Ticker ticker) {
        this.tickerOverride = ticker;
    }

    /** Runs Caffeine's maintenance and refreshes on this executor; call before {@link #open}. */
    @VisibleForTesting
    void withExecutor(Executor executor) {
        this.executorOverride = executor;
    }

    @Override
    public String toString() {
        return "CaffeineLookupCache{" + options + ", refresher=" + (refresher != null) + '}';
    }
}
