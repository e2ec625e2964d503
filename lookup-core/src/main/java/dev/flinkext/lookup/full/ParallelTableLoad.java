package dev.flinkext.lookup.full;

import dev.flinkext.common.concurrent.DaemonThreadFactory;
import dev.flinkext.lookup.cache.RowSizeEstimator;
import dev.flinkext.lookup.full.FullCacheLoader.LoadSplit;

import org.apache.flink.table.data.RowData;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One full load: reads every split of a {@link FullCacheLoader} on at most {@code parallelism}
 * threads into a new map. The first failing split cancels the others and fails the whole load, so a
 * partial table is never published.
 */
final class ParallelTableLoad {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelTableLoad.class);
    // How long a cancelled load waits for split readers that ignore interruption.
    private static final long STOP_WAIT_SECONDS = 30;

    private final String cacheName;
    private final FullCacheLoader loader;
    private final LoadScope scope;
    private final KeyProjection keys;
    // When set, rows with the same primary key collapse to the last one read (a Redis SCAN may
    // return a key twice; a ReplacingMergeTree read without FINAL returns old versions).
    @Nullable private final KeyProjection primaryKey;
    private final int parallelism;
    private final ClassLoader classLoader;

    ParallelTableLoad(
            String cacheName,
            FullCacheLoader loader,
            LoadScope scope,
            KeyProjection keys,
            @Nullable KeyProjection primaryKey,
            int parallelism,
            ClassLoader classLoader) {
        this.cacheName = cacheName;
        this.loader = loader;
        this.scope = scope;
        this.keys = keys;
        this.primaryKey = primaryKey;
        this.parallelism = parallelism;
        this.classLoader = classLoader;
    }

    /** Reads the whole table (of {@link #scope}); throws on the first failed split. */
    LoadedTable run() throws Exception {
        List<LoadSplit> splits = loader.splits(scope);
        ConcurrentHashMap<RowData, List<RowData>> rowsByKey = new ConcurrentHashMap<>();
        LongAdder numRows = new LongAdder();
        LongAdder bytes = new LongAdder();
        if (!splits.isEmpty() && primaryKey != null) {
            ConcurrentHashMap<RowData, RowData> rowByPrimaryKey = new ConcurrentHashMap<>();
            readAll(splits, row -> rowByPrimaryKey.put(primaryKey.keyOf(row), row));
            rowByPrimaryKey.values().forEach(row -> add(row, rowsByKey, numRows, bytes));
        } else if (!splits.isEmpty()) {
            readAll(splits, row -> add(row, rowsByKey, numRows, bytes));
        }
        // Lookups hand these lists to the planner: make them read-only once loading is over.
        rowsByKey.replaceAll((key, rows) -> Collections.unmodifiableList(rows));
        long estimatedBytes = bytes.sum();
        for (RowData key : rowsByKey.keySet()) {
            estimatedBytes += RowSizeEstimator.INSTANCE.estimateEntry(key, List.of());
        }
        return new LoadedTable(
                rowsByKey, numRows.sum(), estimatedBytes, System.currentTimeMillis());
    }

    private void add(
            RowData row,
            ConcurrentHashMap<RowData, List<RowData>> rowsByKey,
            LongAdder numRows,
            LongAdder bytes) {
        rowsByKey.compute(
                keys.keyOf(row),
                (k, rows) -> {
                    List<RowData> list = rows == null ? new ArrayList<>(1) : rows;
                    list.add(row);
                    return list;
                });
        numRows.increment();
        bytes.add(RowSizeEstimator.INSTANCE.estimateRow(row));
    }

    private void readAll(List<LoadSplit> splits, Consumer<RowData> sink) throws Exception {
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.min(parallelism, splits.size()), threads());
        ExecutorCompletionService<LoadSplit> done = new ExecutorCompletionService<>(pool);
        LoadCancellation cancellation = new LoadCancellation();
        // a loader may hand over rows of other subtasks' keys (it cannot always skip them): drop
        // them
        FullCacheLoader.RowConsumer out =
                scope.isAll()
                        ? row -> {
                            cancellation.check();
                            sink.accept(row);
                        }
                        : row -> {
                            cancellation.check();
                            if (scope.owns(keys.keyOf(row))) {
                                sink.accept(row);
                            }
                        };
        try {
            for (LoadSplit split : splits) {
                done.submit(
                        () -> {
                            try {
                                loader.read(split, scope, out);
                                return split;
                            } catch (Exception e) {
                                throw splitFailed(split, e);
                            }
                        });
            }
            for (int i = 0; i < splits.size(); i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception
                            ? (Exception) e.getCause()
                            : new Exception(e.getCause());
                }
            }
        } finally {
            cancellation.cancel();
            pool.shutdownNow();
            if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn(
                        "Split readers of the FULL lookup cache of {} did not stop within {} s"
                                + " after the load ended; they may still hold store connections.",
                        cacheName,
                        STOP_WAIT_SECONDS);
            }
        }
    }

    private Exception splitFailed(LoadSplit split, Exception cause) {
        return new Exception(
                "Failed to read split "
                        + split
                        + " of the FULL lookup cache of "
                        + cacheName
                        + ": "
                        + cause,
                cause);
    }

    private ThreadFactory threads() {
        return DaemonThreadFactory.named("flinkext-full-cache-load " + cacheName, classLoader);
    }

    /** Stops split readers that keep pushing rows after the load failed or was cancelled. */
    private static final class LoadCancellation {
        private volatile boolean cancelled;

        void cancel() {
            cancelled = true;
        }

        void check() {
            if (cancelled) {
                throw new CancellationException("The FULL cache load was cancelled");
            }
        }
    }
}
