package dev.flinkext.lookup.batch;

import dev.flinkext.common.retry.RetryPolicy;

import org.apache.flink.table.data.RowData;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * One {@link MultiKeyReader#readAll} with the {@link RetryPolicy} applied: on failure, waits the
 * backoff (without holding a thread) and reads again, then fails with the policy's message. The
 * sync and the async lookup function both read through it, so they retry identically.
 */
final class RetryingRead {

    /** Runs a task after a delay; throws {@link RejectedExecutionException} once shut down. */
    @FunctionalInterface
    interface Delayer {
        void runAfter(Duration delay, Runnable task);
    }

    /** Told about each failed attempt and each retry, for metrics. */
    interface Listener {
        void onReadFailure();

        void onRetry();
    }

    private final MultiKeyReader reader;
    private final RetryPolicy policy;
    private final Delayer delayer;
    private final Listener listener;

    RetryingRead(MultiKeyReader reader, RetryPolicy policy, Delayer delayer, Listener listener) {
        this.reader = reader;
        this.policy = policy;
        this.delayer = delayer;
        this.listener = listener;
    }

    CompletableFuture<Map<RowData, Collection<RowData>>> read(List<RowData> keys) {
        CompletableFuture<Map<RowData, Collection<RowData>>> result = new CompletableFuture<>();
        attempt(keys, 1, result);
        return result;
    }

    private void attempt(
            List<RowData> keys,
            int attempt,
            CompletableFuture<Map<RowData, Collection<RowData>>> result) {
        readOnce(keys)
                .whenComplete(
                        (rows, error) -> {
                            if (error == null) {
                                result.complete(rows);
                                return;
                            }
                            Throwable cause = unwrap(error);
                            listener.onReadFailure();
                            if (!policy.canRetryAfter(attempt)) {
                                result.completeExceptionally(
                                        policy.exhausted(
                                                "Lookup of " + keys.size() + " key(s)",
                                                attempt,
                                                cause));
                                return;
                            }
                            listener.onRetry();
                            try {
                                delayer.runAfter(
                                        policy.backoffBefore(attempt),
                                        () -> attempt(keys, attempt + 1, result));
                            } catch (RejectedExecutionException shutDown) {
                                result.completeExceptionally(
                                        new IOException(
                                                "Lookup function closed while retrying a read of "
                                                        + keys.size()
                                                        + " key(s) after: "
                                                        + cause,
                                                cause));
                            }
                        });
    }

    /** A reader that throws or returns null counts as a failed attempt, not a lost lookup. */
    private CompletableFuture<Map<RowData, Collection<RowData>>> readOnce(List<RowData> keys) {
        try {
            CompletableFuture<Map<RowData, Collection<RowData>>> future = reader.readAll(keys);
            if (future == null) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException(
                                reader.getClass().getName() + ".readAll returned null"));
            }
            return future;
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    /** The reader's own exception, without the wrappers futures add. */
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
