package dev.flinkext.lookup.batch;

import dev.flinkext.common.concurrent.DaemonThreadFactory;
import dev.flinkext.lookup.config.BatchOptions;
import dev.flinkext.lookup.metrics.LookupMetricNames;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.FunctionContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link AsyncLookupFunction} that turns the lookups arriving together into few multi-key reads
 * of a {@link MultiKeyReader}.
 *
 * <ul>
 *   <li>Keys are collected until the batch holds {@link BatchOptions#maxSize()} distinct keys or
 *       {@link BatchOptions#maxDelay()} has passed since its first key, whichever comes first.
 *   <li>Lookups of the same key in one batch share one read.
 *   <li>A batch is split by {@link MultiKeyReader#partitionOf}: one read per partition.
 *   <li>A failed read is retried per {@link BatchOptions#retryPolicy()}, then its lookups fail with
 *       a message naming the key count, the attempts and the store's error.
 *   <li>A {@link ReadOutcomeHandler} may send a key back for another read after a delay instead of
 *       completing it.
 * </ul>
 *
 * <p>Wrap it with {@code PartialCachingAsyncLookupProvider.of(function, cache)} so cache hits never
 * enter a batch.
 *
 * <p>Thread-safe: Flink calls {@link #asyncLookup} from the task thread while reads complete on the
 * reader's threads and a scheduler thread closes batches on time.
 */
public class BatchingAsyncLookupFunction extends AsyncLookupFunction {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(BatchingAsyncLookupFunction.class);

    private static final AtomicInteger SCHEDULER_THREADS = new AtomicInteger();

    private final MultiKeyReader reader;
    private final BatchOptions options;
    private final ReadOutcomeHandler readOutcomeHandler;

    // Everything below is guarded by `lock` unless noted.
    private transient Object lock;

    /** The open batch: distinct keys in arrival order. */
    private transient Map<RowData, PendingKey> batch;

    /** Bumped whenever a batch closes, so a late deadline task cannot close the next batch. */
    private transient long batchGeneration;

    private transient ScheduledFuture<?> batchDeadline;

    /** Keys sent to the reader or waiting to be read again: failed by close(). */
    private transient Set<PendingKey> outstanding;

    private transient int rescheduledKeys;
    private transient boolean closed;

    // Set in open(), read-only afterwards.
    private transient ScheduledThreadPoolExecutor scheduler;
    private transient RetryingRead retryingRead;
    private transient BatchMetrics metrics;

    /** Batches reads of {@code reader}; every result completes its lookups. */
    public BatchingAsyncLookupFunction(MultiKeyReader reader, BatchOptions options) {
        this(reader, options, ReadOutcomeHandler.COMPLETE);
    }

    /** Batches reads of {@code reader}; {@code readOutcomeHandler} may reschedule a key's read. */
    public BatchingAsyncLookupFunction(
            MultiKeyReader reader, BatchOptions options, ReadOutcomeHandler readOutcomeHandler) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.options = Objects.requireNonNull(options, "options");
        this.readOutcomeHandler = Objects.requireNonNull(readOutcomeHandler, "readOutcomeHandler");
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        lock = new Object();
        batch = new LinkedHashMap<>();
        outstanding = new HashSet<>();
        scheduler =
                new ScheduledThreadPoolExecutor(
                        1,
                        DaemonThreadFactory.named(
                                "flinkext-lookup-batcher-" + SCHEDULER_THREADS.incrementAndGet()));
        // Most deadlines are cancelled (the batch fills first); don't keep them queued.
        scheduler.setRemoveOnCancelPolicy(true);
        metrics = BatchMetrics.register(context.getMetricGroup(), this::pendingKeys);
        readOutcomeHandler.open(context.getMetricGroup().addGroup(LookupMetricNames.GROUP));
        retryingRead =
                new RetryingRead(
                        reader,
                        options.retryPolicy(),
                        (delay, task) ->
                                scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS),
                        metrics);
        reader.open(context);
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncLookup(RowData keyRow) {
        CompletableFuture<Collection<RowData>> result = new CompletableFuture<>();
        List<PendingKey> full;
        synchronized (lock) {
            if (closed) {
                result.completeExceptionally(closedError());
                return result;
            }
            PendingKey pending = batch.get(keyRow);
            if (pending != null) {
                pending.waiting.add(result);
                return result;
            }
            pending = new PendingKey(keyRow);
            pending.waiting.add(result);
            full = addToBatchLocked(pending);
        }
        if (full != null) {
            send(full);
        }
        return result;
    }

    /** Adds a key not yet in the batch; returns the batch to send if that filled it. */
    private List<PendingKey> addToBatchLocked(PendingKey pending) {
        batch.put(pending.key, pending);
        if (batch.size() >= options.maxSize()) {
            return closeBatchLocked();
        }
        if (batch.size() == 1) {
            long generation = batchGeneration;
            batchDeadline =
                    scheduler.schedule(
                            () -> closeBatchOnDeadline(generation),
                            options.maxDelay().toNanos(),
                            TimeUnit.NANOSECONDS);
        }
        return null;
    }

    private List<PendingKey> closeBatchLocked() {
        List<PendingKey> keys = new ArrayList<>(batch.values());
        batch.clear();
        batchGeneration++;
        if (batchDeadline != null) {
            batchDeadline.cancel(false);
            batchDeadline = null;
        }
        outstanding.addAll(keys);
        return keys;
    }

    private void closeBatchOnDeadline(long generation) {
        List<PendingKey> due;
        synchronized (lock) {
            if (closed || generation != batchGeneration || batch.isEmpty()) {
                return;
            }
            due = closeBatchLocked();
        }
        send(due);
    }

    /** Reads a closed batch: one read per partition, each retried on its own. */
    private void send(List<PendingKey> keys) {
        metrics.batches.inc();
        metrics.batchSize.update(keys.size());
        long start = System.nanoTime();

        Map<Object, List<PendingKey>> byPartition = new LinkedHashMap<>();
        for (PendingKey pending : keys) {
            Object partition;
            try {
                partition = reader.partitionOf(pending.key);
            } catch (RuntimeException e) {
                finish(pending, null, e);
                continue;
            }
            byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(pending);
        }

        List<CompletableFuture<Void>> reads = new ArrayList<>(byPartition.size());
        for (List<PendingKey> partitionKeys : byPartition.values()) {
            reads.add(read(partitionKeys));
        }
        CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
                .whenComplete(
                        (ignored, error) ->
                                metrics.batchLatencyMs.update(
                                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
    }

    private CompletableFuture<Void> read(List<PendingKey> partitionKeys) {
        List<RowData> keys = new ArrayList<>(partitionKeys.size());
        for (PendingKey pending : partitionKeys) {
            keys.add(pending.key);
        }
        return retryingRead
                .read(keys)
                .handle(
                        (rows, error) -> {
                            for (PendingKey pending : partitionKeys) {
                                Collection<RowData> found =
                                        rows == null ? null : rows.get(pending.key);
                                finish(pending, found == null ? List.of() : found, error);
                            }
                            return null;
                        });
    }

    /** Completes, fails or reschedules one key's lookups after its read. */
    private void finish(PendingKey pending, Collection<RowData> rows, Throwable error) {
        if (error == null) {
            pending.reads++;
            ReadDecision decision;
            try {
                decision = readOutcomeHandler.onResult(pending.key, rows, pending.reads);
            } catch (RuntimeException e) {
                decision = null;
                error = e;
            }
            if (decision != null && !decision.isComplete()) {
                reschedule(pending, decision.rescheduleDelay());
                return;
            }
        }
        synchronized (lock) {
            outstanding.remove(pending);
        }
        if (error == null) {
            pending.complete(rows);
        } else {
            pending.fail(RetryingRead.unwrap(error));
        }
    }

    private void reschedule(PendingKey pending, Duration delay) {
        synchronized (lock) {
            if (!closed) {
                try {
                    scheduler.schedule(
                            () -> readAgain(pending), delay.toNanos(), TimeUnit.NANOSECONDS);
                    rescheduledKeys++;
                    return;
                } catch (RejectedExecutionException e) {
                    // closing concurrently: fall through
                }
            }
            outstanding.remove(pending);
        }
        pending.fail(closedError());
    }

    private void readAgain(PendingKey pending) {
        List<PendingKey> full = null;
        synchronized (lock) {
            rescheduledKeys--;
            if (closed) {
                return; // close() failed it already
            }
            outstanding.remove(pending);
            PendingKey inBatch = batch.get(pending.key);
            if (inBatch != null) {
                inBatch.absorb(pending);
            } else {
                full = addToBatchLocked(pending);
            }
        }
        if (full != null) {
            send(full);
        }
    }

    /** Distinct keys waiting to be read: in the open batch or rescheduled. */
    private int pendingKeys() {
        synchronized (lock) {
            return batch.size() + rescheduledKeys;
        }
    }

    private static IOException closedError() {
        return new IOException("Lookup function closed before the lookup completed");
    }

    /** Fails every lookup not yet completed, stops the scheduler and closes the reader. */
    @Override
    public void close() throws Exception {
        if (lock == null) {
            reader.close(); // never opened
            return;
        }
        List<PendingKey> abandoned;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            abandoned = new ArrayList<>(batch.values());
            abandoned.addAll(outstanding);
            batch.clear();
            outstanding.clear();
            if (batchDeadline != null) {
                batchDeadline.cancel(false);
            }
        }
        scheduler.shutdownNow();
        if (!abandoned.isEmpty()) {
            LOG.info(
                    "Closing with {} lookup key(s) not yet completed; failing them",
                    abandoned.size());
        }
        IOException error = closedError();
        for (PendingKey pending : abandoned) {
            pending.fail(error);
        }
        reader.close();
    }
}
