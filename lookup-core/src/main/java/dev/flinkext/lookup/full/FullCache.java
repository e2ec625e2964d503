package dev.flinkext.lookup.full;

import dev.flinkext.common.concurrent.DaemonThreadFactory;
import dev.flinkext.lookup.config.FullCacheOptions;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.table.connector.source.lookup.cache.trigger.CacheReloadTrigger;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The runtime side of a FULL cache: the loaded table, its (re)loads and their metrics. One instance
 * may serve several subtasks of a task manager (see {@code SharedResources}), so {@link #open} is
 * idempotent and everything a lookup reads is thread-safe.
 *
 * <p>Loads run one at a time on a single reload thread; a reload requested while one runs joins it
 * instead of queueing another (so the trigger's initial fire merges with the first load, and slow
 * reloads never pile up). A new table is published with one volatile write.
 */
final class FullCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FullCache.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final String name;
    private final FullCacheLoader loader;
    private final KeyProjection keys;
    @Nullable private final KeyProjection primaryKey;
    private final FullCacheOptions options;
    private final CacheReloadTrigger trigger;
    private final LoadScope scope;

    private volatile @Nullable LoadedTable table;

    // Held while opening. Not "this": the trigger's first request and a failing first load need
    // "this" (requestLoad) while open() waits for that load.
    private final Object openLock = new Object();
    private boolean opened; // guarded by openLock
    private @Nullable Exception openFailure; // guarded by openLock
    private @Nullable CompletableFuture<Void> runningLoad; // guarded by this
    private volatile boolean closed;
    private volatile @Nullable ExecutorService reloadThread;
    private volatile ClassLoader classLoader;

    // metrics: shared by every subtask using this cache; read by reporter threads
    final Counter loads = new ThreadSafeSimpleCounter();
    final Counter loadFailures = new ThreadSafeSimpleCounter();
    final Counter reloads = new ThreadSafeSimpleCounter();
    final Counter reloadFailures = new ThreadSafeSimpleCounter();
    private volatile long latestLoadTimeMs;
    private volatile boolean lastReloadFailed;

    FullCache(
            String name,
            FullCacheLoader loader,
            KeyProjection keys,
            @Nullable KeyProjection primaryKey,
            FullCacheOptions options,
            CacheReloadTrigger trigger,
            LoadScope scope) {
        this.name = name;
        this.loader = loader;
        this.keys = keys;
        this.primaryKey = primaryKey;
        this.options = options;
        this.trigger = trigger;
        this.scope = scope;
    }

    /**
     * Opens the loader, runs the first load and waits for it, then lets the trigger schedule
     * reloads. A second call (another subtask sharing this cache) returns at once, or rethrows the
     * first call's failure.
     */
    void open(FunctionContext context) throws Exception {
        synchronized (openLock) {
            openOnce(context);
        }
    }

    private void openOnce(FunctionContext context) throws Exception {
        if (openFailure != null) {
            throw openFailure;
        }
        if (opened) {
            return;
        }
        try {
            classLoader = Thread.currentThread().getContextClassLoader();
            reloadThread =
                    Executors.newSingleThreadExecutor(
                            DaemonThreadFactory.named(
                                    "flinkext-full-cache-reload " + name, classLoader));
            loader.open(context);
            CompletableFuture<Void> firstLoad = requestLoad();
            // Flink's triggers fire once when opened: that request joins the running first load.
            trigger.open(new TriggerContext());
            awaitFirstLoad(firstLoad);
            opened = true;
        } catch (Exception e) {
            openFailure = e;
            closeQuietly();
            throw e;
        }
    }

    private void awaitFirstLoad(CompletableFuture<Void> firstLoad) throws Exception {
        try {
            firstLoad.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(
                    "The first load of the FULL lookup cache of "
                            + name
                            + " failed, so there is no copy of the table to serve. Cause: "
                            + cause,
                    cause);
        }
    }

    /**
     * Starts a load unless one is running, and returns the running one. Completes exceptionally
     * when the load fails (already logged and counted).
     */
    synchronized CompletableFuture<Void> requestLoad() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (runningLoad == null || runningLoad.isDone()) {
            runningLoad = CompletableFuture.runAsync(this::loadOnce, reloadThread);
        }
        return runningLoad;
    }

    private void loadOnce() {
        boolean isReload = table != null;
        if (isReload) {
            reloads.inc();
        }
        long start = System.nanoTime();
        LoadedTable loaded;
        try {
            loaded =
                    new ParallelTableLoad(
                                    name,
                                    loader,
                                    scope,
                                    keys,
                                    primaryKey,
                                    options.loadParallelism(),
                                    classLoader)
                            .run();
        } catch (Throwable t) {
            loadFailed(isReload, t);
            throw new CompletionException(t);
        }
        table = loaded; // the atomic swap: lookups now see the new copy
        latestLoadTimeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        lastReloadFailed = false;
        loads.inc();
        LOG.info(
                "{} the FULL lookup cache of {}: {} keys, {} rows, ~{} bytes in {} ms.",
                isReload ? "Reloaded" : "Loaded",
                name,
                loaded.numKeys(),
                loaded.numRows(),
                loaded.estimatedBytes(),
                latestLoadTimeMs);
    }

    private void loadFailed(boolean isReload, Throwable cause) {
        if (closed) {
            LOG.info("A load of the FULL lookup cache of {} stopped: cache closed.", name);
            return;
        }
        loadFailures.inc();
        if (isReload) {
            reloadFailures.inc();
            lastReloadFailed = true;
            LoadedTable current = table;
            LOG.error(
                    "Reloading the FULL lookup cache of {} failed; still serving the copy loaded"
                            + " at {} ({} keys) until a reload succeeds.",
                    name,
                    Instant.ofEpochMilli(current.loadedAtMillis()),
                    current.numKeys(),
                    cause);
        }
        // a failed first load is reported by open(), which fails the task
    }

    /** The rows of {@code key}, or null when the table has none. */
    @Nullable
    List<RowData> get(RowData key) {
        return table.get(key);
    }

    // gauges
    long latestLoadTimeMs() {
        return latestLoadTimeMs;
    }

    long numCachedKeys() {
        LoadedTable current = table;
        return current == null ? 0 : current.numKeys();
    }

    long numCachedRows() {
        LoadedTable current = table;
        return current == null ? 0 : current.numRows();
    }

    long estimatedBytes() {
        LoadedTable current = table;
        return current == null ? 0 : current.estimatedBytes();
    }

    boolean lastReloadFailed() {
        return lastReloadFailed;
    }

    String name() {
        return name;
    }

    LoadScope scope() {
        return scope;
    }

    /** Stops the trigger and the reload thread (interrupting a running load), closes the loader. */
    @Override
    public void close() throws Exception {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Exception failure = null;
        try {
            trigger.close();
        } catch (Exception e) {
            failure = e;
        }
        if (reloadThread != null) {
            reloadThread.shutdownNow();
            if (!reloadThread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn(
                        "The reload thread of the FULL lookup cache of {} did not stop within {} s.",
                        name,
                        CLOSE_WAIT_SECONDS);
            }
        }
        try {
            loader.close();
        } catch (Exception e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        table = null;
        if (failure != null) {
            throw failure;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception e) {
            LOG.warn("Closing the FULL lookup cache of {} after a failed open failed.", name, e);
        }
    }

    /** What Flink's reload triggers call; a failed reload never fails the trigger's schedule. */
    private final class TriggerContext implements CacheReloadTrigger.Context {
        @Override
        public long currentProcessingTime() {
            return System.currentTimeMillis();
        }

        @Override
        public long currentWatermark() {
            throw new UnsupportedOperationException(
                    "Watermarks are not available to FULL cache reload triggers.");
        }

        @Override
        public CompletableFuture<Void> triggerReload() {
            // Flink's FIXED_DELAY trigger stops rescheduling once a future fails: swallow
            // failures here, they are logged and counted by the load itself.
            return requestLoad().handle((ignored, failure) -> null);
        }
    }
}
