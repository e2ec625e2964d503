package dev.flinkext.lookup.batch;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.lookup.metrics.LookupMetricNames;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The synchronous {@link LookupFunction} over a {@link MultiKeyReader}: one {@code readAll} of a
 * single key per lookup, retried like the async path, so a connector gets sync and async lookups
 * from one reader.
 */
public class ReaderLookupFunction extends LookupFunction {

    private static final long serialVersionUID = 1L;

    private final MultiKeyReader reader;
    private final RetryPolicy retryPolicy;

    private transient RetryingRead retryingRead;
    private transient Counter reads;

    public ReaderLookupFunction(MultiKeyReader reader, RetryPolicy retryPolicy) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        MetricGroup group = context.getMetricGroup().addGroup(LookupMetricNames.GROUP);
        Counter readFailures =
                group.counter(LookupMetricNames.READ_FAILURES, new ThreadSafeSimpleCounter());
        Counter retries = group.counter(LookupMetricNames.RETRIES, new ThreadSafeSimpleCounter());
        // a sync read is a batch of one: numBatches counts the store requests, as async lookups do
        reads = group.counter(LookupMetricNames.BATCHES, new ThreadSafeSimpleCounter());
        retryingRead =
                new RetryingRead(
                        reader,
                        retryPolicy,
                        // The backoff elapses off the task thread, which just waits for the result.
                        (delay, task) ->
                                CompletableFuture.delayedExecutor(
                                                delay.toNanos(), TimeUnit.NANOSECONDS)
                                        .execute(task),
                        new RetryingRead.Listener() {
                            @Override
                            public void onReadFailure() {
                                readFailures.inc();
                            }

                            @Override
                            public void onRetry() {
                                retries.inc();
                            }
                        });
        reader.open(context);
    }

    @Override
    public Collection<RowData> lookup(RowData keyRow) throws IOException {
        Map<RowData, Collection<RowData>> rows;
        reads.inc();
        try {
            rows = retryingRead.read(List.of(keyRow)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("Lookup interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            Throwable cause = RetryingRead.unwrap(e);
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IOException(cause.toString(), cause);
        }
        Collection<RowData> found = rows == null ? null : rows.get(keyRow);
        return found == null ? List.of() : found;
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }
}
