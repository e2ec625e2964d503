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
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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

    /**
     * Every buffered row's entries, one after the other in arrival order (no list per row); null
     * where a later row of the same reduce key replaced a row.
     */
    private ArrayList<E> buffer = new ArrayList<>();

    /** A confirmed batch's list, emptied: the next buffer, so batch lists are not regrown. */
    private ArrayList<E> spare;

    /** Where each reducible row's entries sit in {@link #buffer}, by reduce key. */
    private final ReduceIndex reducible = new ReduceIndex();

    /** Adds the entries of the row being converted; one instance, not a lambda per row. */
    private final Consumer<E> bufferEntry = entry -> buffer.add(entry);

    /** The entries of the row being converted, as {@link RowConverter#reduceKey} sees them. */
    private final RowEntries rowEntries = new RowEntries();

    private int bufferedRows;
    private long bufferedBytes;

    /** Entries of {@link #buffer} set to null by reduction; the batch leaves them out. */
    private int replacedEntries;

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
        int start = buffer.size();
        Object reduceKey;
        try {
            converter.convert(row, bufferEntry);
            reduceKey =
                    buffer.size() == start
                            ? null
                            : converter.reduceKey(row, rowEntries.of(start, buffer.size()));
        } catch (RuntimeException e) {
            // the entries the row made before it failed must not be written
            buffer.subList(start, buffer.size()).clear();
            if (e instanceof IllegalArgumentException) {
                throw new IOException(
                        "Cannot write a row to " + sinkName + ": " + e.getMessage(), e);
            }
            throw e;
        }
        int count = buffer.size() - start;
        if (count == 0) {
            return; // e.g. an UPDATE_BEFORE that needs no write
        }
        if (reduceKey != null) {
            long replaced = reducible.put(reduceKey, start, count);
            if (replaced != ReduceIndex.ABSENT) {
                // the earlier row's writes are dropped: this row's come after every buffered one
                drop(ReduceIndex.start(replaced), ReduceIndex.count(replaced));
            }
        }
        bufferedRows++;
        bufferedBytes += bytesOf(start, buffer.size());
        if (bufferedRows >= options.maxRows() || bufferedBytes >= options.maxBytes()) {
            writeBuffer();
        } else {
            scheduleTimer();
        }
    }

    private void drop(int start, int count) {
        bufferedBytes -= bytesOf(start, start + count);
        for (int i = start; i < start + count; i++) {
            buffer.set(i, null);
        }
        replacedEntries += count;
        bufferedRows--;
        reducedRows.inc();
    }

    private long bytesOf(int from, int to) {
        long bytes = 0;
        for (int i = from; i < to; i++) {
            bytes += traits.sizeInBytes(buffer.get(i));
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
        ArrayList<E> entries = buffer;
        if (replacedEntries > 0) {
            entries.removeIf(Objects::isNull);
        }
        int rows = bufferedRows;
        long bytes = bufferedBytes;
        buffer = spare != null ? spare : new ArrayList<>(entries.size());
        spare = null;
        reducible.clear();
        bufferedRows = 0;
        bufferedBytes = 0;
        replacedEntries = 0;

        waitForCapacityAndKeys(entries);
        InFlightBatch<E> batch = new InFlightBatch<>(entries, rows, bytes, System.nanoTime());
        batch.done = attempt(entries, 1);
        inFlight.addLast(batch);
    }

    private void waitForCapacityAndKeys(List<E> entries) throws IOException, InterruptedException {
        while (inFlight.size() >= options.maxInFlightBatches()) {
            await(inFlight.peekFirst());
        }
        if (inFlight.isEmpty()) {
            return; // with one batch in flight at most, the capacity wait already ordered every key
        }
        for (InFlightBatch<E> batch : new ArrayList<>(inFlight)) {
            if (batch.done.isDone() || batch.sharesKeyWith(entries, traits)) {
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
        if (inFlight.isEmpty()) {
            return; // no iterator per row
        }
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
        if (spare == null) {
            // confirmed: the batch writer is done with the list (see BatchWriter#write)
            batch.entries.clear();
            spare = batch.entries;
        }
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
        final ArrayList<E> entries;
        final int rows;
        final long bytes;
        final long startNanos;
        CompletableFuture<Void> done;

        /** The batch's keys, built only once a later batch must be ordered after this one. */
        private Set<Object> keys;

        /** Whether every entry is commutative (then commutative later writes need no order). */
        private Boolean allCommutative;

        InFlightBatch(ArrayList<E> entries, int rows, long bytes, long startNanos) {
            this.entries = entries;
            this.rows = rows;
            this.bytes = bytes;
            this.startNanos = startNanos;
        }

        /**
         * Whether a later batch holds a write that must wait for this batch: one of a key this
         * batch writes too, unless both writes are commutative (their order does not matter).
         * Appends, all commutative, are never checked key by key.
         */
        boolean sharesKeyWith(List<E> others, EntryTraits<E> traits) {
            if (allCommutative == null) {
                allCommutative = entries.stream().allMatch(traits::isCommutative);
            }
            if (allCommutative && others.stream().allMatch(traits::isCommutative)) {
                return false;
            }
            if (keys == null) {
                keys = new HashSet<>();
                for (E entry : entries) {
                    keys.add(traits.keyOf(entry));
                }
            }
            for (E entry : others) {
                if (!(allCommutative && traits.isCommutative(entry))
                        && keys.contains(traits.keyOf(entry))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A view of the row being converted's entries in the buffer, reused for every row; valid only
     * during {@link RowConverter#reduceKey}.
     */
    private final class RowEntries extends AbstractList<E> implements RandomAccess {
        private int from;
        private int to;

        RowEntries of(int from, int to) {
            this.from = from;
            this.to = to;
            return this;
        }

        @Override
        public E get(int index) {
            Objects.checkIndex(index, to - from);
            return buffer.get(from + index);
        }

        @Override
        public int size() {
            return to - from;
        }
    }
}
