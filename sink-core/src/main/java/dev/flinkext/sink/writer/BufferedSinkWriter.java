package dev.flinkext.sink.writer;

import dev.flinkext.common.concurrent.DaemonThreadFactory;
import dev.flinkext.common.metrics.SlidingWindowHistogram;
import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.sink.config.SinkWriterOptions;
import dev.flinkext.sink.metrics.SinkMetricNames;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The write path of every flinkext sink (Sink V2): rows become store writes ("entries") through the
 * connector's {@link RowConverter}, wait in a buffer until {@code sink.buffer-flush.max-rows},
 * {@code .max-bytes} or {@code .interval} is reached, and are written as one batch by the
 * connector's {@link BatchWriter}.
 *
 * <ul>
 *   <li><b>Checkpoints</b>: {@link #flush} (called before every checkpoint barrier passes and at
 *       end of input) writes the buffer and waits until every batch is confirmed, so a completed
 *       checkpoint never leaves rows behind: at-least-once.
 *   <li><b>In flight</b>: up to {@code sink.max-in-flight-batches} batches at once; a batch that
 *       touches a key of a batch still in flight waits for it, so writes to one key keep their
 *       order.
 *   <li><b>Retries</b>: entries an attempt did not confirm are written again, after the {@link
 *       RetryPolicy}'s capped backoff and at most {@code sink.max-retries} times, in per-key order
 *       (see {@link EntryTraits}); then the job fails with the store's error. Errors a retry cannot
 *       cure fail at once.
 *   <li><b>Reduce by key</b>: a row whose {@link RowConverter#reduceKey} equals a buffered row's
 *       replaces it (upsert streams: only the last change per key is written).
 * </ul>
 *
 * <p>{@code write}, {@code flush}, timers and {@code close} run on the task's mailbox thread; only
 * the completion of batches happens elsewhere, and it touches nothing but the batch's future.
 */
public final class BufferedSinkWriter<IN, E> implements SinkWriter<IN> {

    private final String sinkName;
    private final SinkWriterOptions options;
    private final RowConverter<IN, E> converter;
    private final EntryTraits<E> traits;
    private final BatchWriter<E> batchWriter;
    private final ProcessingTimeService timers;
    private final ScheduledExecutorService retryTimer;

    private final Counter flushes;
    private final Counter rowsWritten;
    private final Counter entriesWritten;
    private final Counter bytesWritten;
    private final Counter retries;
    private final Counter reducedRows;
    private final Counter recordsSend;
    private final Histogram flushLatency;

    /** Buffered rows' entries, in arrival order; a slot is null once a later row replaced it. */
    private List<List<E>> buffer = new ArrayList<>();

    /** Where each reducible row's entries sit in {@link #buffer}, by reduce key. */
    private final Map<Object, Integer> reducible = new HashMap<>();

    private int bufferedRows;
    private long bufferedBytes;
    private int bufferedEntries;
    private final Deque<InFlightBatch<E>> inFlight = new ArrayDeque<>();
    private boolean timerPending;
    private boolean closed;

    /**
     * @param sinkName names the sink (e.g. the table) in errors
     */
    public BufferedSinkWriter(
            String sinkName,
            SinkWriterOptions options,
            RowConverter<IN, E> converter,
            EntryTraits<E> traits,
            BatchWriter<E> batchWriter,
            WriterInitContext context)
            throws IOException {
        this.sinkName = sinkName;
        this.options = options;
        this.converter = converter;
        this.traits = traits;
        this.batchWriter = batchWriter;
        this.timers = context.getProcessingTimeService();
        try {
            converter.open(context);
        } catch (Exception e) {
            throw new IOException(
                    "Cannot open the row converter of " + sinkName + ": " + e.getMessage(), e);
        }
        ScheduledThreadPoolExecutor timer =
                new ScheduledThreadPoolExecutor(
                        1, DaemonThreadFactory.named("flinkext-sink-retry " + sinkName));
        timer.setRemoveOnCancelPolicy(true);
        this.retryTimer = timer;

        MetricGroup group = context.metricGroup().addGroup(SinkMetricNames.GROUP);
        flushes = group.counter(SinkMetricNames.FLUSHES);
        rowsWritten = group.counter(SinkMetricNames.ROWS);
        entriesWritten = group.counter(SinkMetricNames.ENTRIES);
        bytesWritten = group.counter(SinkMetricNames.BYTES);
        retries = group.counter(SinkMetricNames.RETRIES);
        reducedRows = group.counter(SinkMetricNames.REDUCED_ROWS);
        flushLatency =
                group.histogram(SinkMetricNames.FLUSH_LATENCY_MS, new SlidingWindowHistogram());
        group.gauge(SinkMetricNames.IN_FLIGHT_BATCHES, (Gauge<Integer>) inFlight::size);
        recordsSend = context.metricGroup().getNumRecordsSendCounter();
    }

    @Override
    public void write(IN row, Context context) throws IOException, InterruptedException {
        reapCompleted();
        List<E> entries = new ArrayList<>(2);
        try {
            converter.convert(row, entries::add);
        } catch (IllegalArgumentException e) {
            throw new IOException("Cannot write a row to " + sinkName + ": " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            return; // e.g. an UPDATE_BEFORE that needs no write
        }
        Object reduceKey = converter.reduceKey(row, entries);
        if (reduceKey != null) {
            Integer previous = reducible.put(reduceKey, buffer.size());
            if (previous != null) {
                // the earlier row's writes are dropped: this row's come after every buffered one
                List<E> replaced = buffer.set(previous, null);
                reducedRows.inc();
                bufferedRows--;
                bufferedEntries -= replaced.size();
                bufferedBytes -= bytesOf(replaced);
            }
        }
        buffer.add(entries);
        bufferedRows++;
        bufferedEntries += entries.size();
        bufferedBytes += bytesOf(entries);
        if (bufferedRows >= options.maxRows() || bufferedBytes >= options.maxBytes()) {
            writeBuffer();
        } else {
            scheduleTimer();
        }
    }

    private long bytesOf(List<E> entries) {
        long bytes = 0;
        for (E entry : entries) {
            bytes += traits.sizeInBytes(entry);
        }
        return bytes;
    }

    private void scheduleTimer() {
        long interval = options.interval().toMillis();
        if (interval <= 0 || timerPending || bufferedRows == 0) {
            return;
        }
        timerPending = true;
        timers.registerTimer(
                timers.getCurrentProcessingTime() + interval,
                time -> {
                    timerPending = false;
                    if (!closed) {
                        writeBuffer();
                    }
                });
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBuffer();
        while (!inFlight.isEmpty()) {
            await(inFlight.peekFirst());
        }
    }

    /** Starts writing the buffer as one batch, once in-flight capacity and key order allow. */
    private void writeBuffer() throws IOException, InterruptedException {
        reapCompleted();
        if (bufferedRows == 0) {
            return;
        }
        List<E> entries = new ArrayList<>(bufferedEntries);
        for (List<E> rowEntries : buffer) {
            if (rowEntries != null) {
                entries.addAll(rowEntries);
            }
        }
        int rows = bufferedRows;
        long bytes = bufferedBytes;
        buffer = new ArrayList<>();
        reducible.clear();
        bufferedRows = 0;
        bufferedEntries = 0;
        bufferedBytes = 0;

        // with one batch in flight at most, the capacity wait already orders every key
        Set<Object> keys = options.maxInFlightBatches() > 1 ? keysOf(entries) : Set.of();
        waitForCapacityAndKeys(keys);
        InFlightBatch<E> batch = new InFlightBatch<>(entries, keys, rows, bytes, System.nanoTime());
        batch.done = attempt(entries, 1);
        inFlight.addLast(batch);
    }

    private Set<Object> keysOf(List<E> entries) {
        Set<Object> keys = new HashSet<>();
        for (E entry : entries) {
            keys.add(traits.keyOf(entry));
        }
        return keys;
    }

    private void waitForCapacityAndKeys(Set<Object> keys) throws IOException, InterruptedException {
        while (inFlight.size() >= options.maxInFlightBatches()) {
            await(inFlight.peekFirst());
        }
        for (InFlightBatch<E> batch : new ArrayList<>(inFlight)) {
            if (!Collections.disjoint(batch.keys, keys)) {
                await(batch);
            }
        }
    }

    /** One attempt and, while entries stay unconfirmed, the retries after it. */
    private CompletableFuture<Void> attempt(List<E> entries, int attempt) {
        CompletableFuture<WriteOutcome> write;
        try {
            write = batchWriter.write(entries);
        } catch (RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        return write.thenCompose(
                outcome -> {
                    if (outcome.isAllConfirmed()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    List<E> resend;
                    try {
                        resend = ResendPlan.entriesToResend(entries, outcome, traits);
                    } catch (OutOfOrderWriteException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                    RetryPolicy policy = options.retryPolicy();
                    if (!policy.canRetryAfter(attempt)) {
                        return CompletableFuture.failedFuture(
                                policy.exhausted(
                                        "Write of "
                                                + resend.size()
                                                + " unconfirmed entr"
                                                + (resend.size() == 1 ? "y" : "ies")
                                                + " to "
                                                + sinkName,
                                        attempt,
                                        outcome.cause()));
                    }
                    retries.inc();
                    CompletableFuture<Void> retried = new CompletableFuture<>();
                    try {
                        retryTimer.schedule(
                                () -> {
                                    attempt(resend, attempt + 1)
                                            .whenComplete(
                                                    (ok, error) -> {
                                                        if (error != null) {
                                                            retried.completeExceptionally(error);
                                                        } else {
                                                            retried.complete(null);
                                                        }
                                                    });
                                },
                                policy.backoffBefore(attempt).toNanos(),
                                TimeUnit.NANOSECONDS);
                    } catch (RejectedExecutionException closing) {
                        retried.completeExceptionally(
                                new IOException(
                                        "Sink " + sinkName + " closed while retrying", closing));
                    }
                    return retried;
                });
    }

    /** Takes confirmed batches off the in-flight list; throws the first failure. */
    private void reapCompleted() throws IOException, InterruptedException {
        Iterator<InFlightBatch<E>> it = inFlight.iterator();
        while (it.hasNext()) {
            InFlightBatch<E> batch = it.next();
            if (!batch.done.isDone()) {
                continue;
            }
            it.remove();
            confirm(batch);
        }
    }

    private void await(InFlightBatch<E> batch) throws IOException, InterruptedException {
        inFlight.remove(batch);
        confirm(batch);
    }

    private void confirm(InFlightBatch<E> batch) throws IOException, InterruptedException {
        try {
            batch.done.get();
        } catch (ExecutionException | CompletionException | CancellationException e) {
            throw failure(e);
        }
        flushes.inc();
        rowsWritten.inc(batch.rows);
        recordsSend.inc(batch.rows);
        entriesWritten.inc(batch.entries.size());
        bytesWritten.inc(batch.bytes);
        flushLatency.update(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - batch.startNanos));
    }

    private IOException failure(Exception e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new InterruptedIOException("Interrupted while writing to " + sinkName);
        }
        if (cause instanceof IOException) {
            return (IOException) cause; // already names the store, key and option
        }
        return new IOException("Write to " + sinkName + " failed: " + cause, cause);
    }

    @Override
    public void close() throws Exception {
        // Buffered or unconfirmed rows are not written here: close() also runs on failure and
        // cancellation, and those rows are replayed from the last checkpoint. Normal ends flush
        // first.
        closed = true;
        retryTimer.shutdownNow();
        batchWriter.close();
    }

    /** A batch written but not yet confirmed. */
    private static final class InFlightBatch<E> {
        final List<E> entries;
        final Set<Object> keys;
        final int rows;
        final long bytes;
        final long startNanos;
        CompletableFuture<Void> done;

        InFlightBatch(List<E> entries, Set<Object> keys, int rows, long bytes, long startNanos) {
            this.entries = entries;
            this.keys = keys;
            this.rows = rows;
            this.bytes = bytes;
            this.startNanos = startNanos;
        }
    }
}
