package dev.flinkext.sink.writer;

import dev.flinkext.common.concurrent.DaemonThreadFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BatchWriter} for stores whose client blocks (Jedis, a JDBC-like client): subclasses
 * write a batch synchronously. With several batches allowed in flight, this base runs each call on
 * its own bounded pool (one thread per batch), so the task thread only waits where order or
 * capacity demand it; with one, the call runs on the caller's thread, which would wait for it
 * anyway, and no thread hand-off is paid per batch.
 */
public abstract class BlockingBatchWriter<E> implements BatchWriter<E> {

    private final @Nullable ExecutorService executor;

    /**
     * @param name names the threads, e.g. the table
     * @param threads batches written at once, {@code sink.max-in-flight-batches}
     */
    protected BlockingBatchWriter(String name, int threads) {
        this.executor =
                threads <= 1
                        ? null
                        : Executors.newFixedThreadPool(
                                threads, DaemonThreadFactory.named("flinkext-sink-writer " + name));
    }

    /**
     * One attempt at writing {@code entries}.
     *
     * @return which entries the store did not confirm (to retry)
     * @throws IOException for an error a retry cannot cure, naming key and store address
     */
    protected abstract WriteOutcome writeBlocking(List<E> entries)
            throws IOException, InterruptedException;

    @Override
    public final CompletableFuture<WriteOutcome> write(List<E> entries) {
        CompletableFuture<WriteOutcome> result = new CompletableFuture<>();
        Runnable write =
                () -> {
                    try {
                        result.complete(writeBlocking(entries));
                    } catch (Throwable t) {
                        if (t instanceof InterruptedException) {
                            Thread.currentThread().interrupt();
                        }
                        result.completeExceptionally(t);
                    }
                };
        if (executor == null) {
            write.run();
            return result;
        }
        try {
            executor.execute(write);
        } catch (RejectedExecutionException closed) {
            result.completeExceptionally(new IOException("The batch writer is closed", closed));
        }
        return result;
    }

    /** Closes the store client; runs after the pool stopped. */
    protected abstract void closeClient() throws Exception;

    @Override
    public final void close() throws Exception {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
        closeClient();
    }
}
