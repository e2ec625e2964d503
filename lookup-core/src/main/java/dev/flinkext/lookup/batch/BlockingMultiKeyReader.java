package dev.flinkext.lookup.batch;

import dev.flinkext.common.concurrent.DaemonThreadFactory;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Base of a {@link MultiKeyReader} whose store client blocks (Jedis, a JDBC driver, ...): the
 * subclass writes a plain blocking {@link #readBlocking}, and this class runs it on a fixed pool of
 * {@code lookup.read-threads} threads that it owns, so {@link #readAll} never blocks the lookup
 * function's caller (Flink's async operator thread).
 *
 * <p>The pool's queue is not bounded on its own: the reads waiting in it are bounded by the async
 * lookups in flight ({@code table.exec.async-lookup.buffer-capacity}) divided into batches. Empty
 * batches complete at once without a thread hand-off. A failure thrown by {@link #readBlocking}
 * completes the future exceptionally (never thrown from {@code readAll}), as lookup-core's retries
 * expect; so does a read submitted after {@link #close}.
 *
 * <p>{@link #close} stops the pool first (interrupting running reads, failing queued ones) and then
 * the client, so no read runs against a closed client.
 */
public abstract class BlockingMultiKeyReader implements MultiKeyReader {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(BlockingMultiKeyReader.class);

    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private final String threadName;
    private final int threads;

    private transient ExecutorService executor;

    /**
     * @param threadName the pool's thread names (e.g. {@code "flinkext-redis-lookup orders"})
     * @param threads the pool's size, {@code lookup.read-threads} (at least 1)
     */
    protected BlockingMultiKeyReader(String threadName, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threadName = threadName;
        this.threads = threads;
    }

    /** Connects to the store; called once per instance, before any read (see {@link #open}). */
    protected abstract void openClient(FunctionContext context) throws Exception;

    /**
     * Reads {@code keys} in one store round trip (per partition), blocking; runs on the pool.
     *
     * @param keys distinct, non-empty, of one {@link #partitionOf partition}
     * @return as {@link #readAll}
     */
    protected abstract Map<RowData, Collection<RowData>> readBlocking(List<RowData> keys)
            throws Exception;

    /** Releases the client; called once, after the pool has stopped. Must tolerate no open. */
    protected abstract void closeClient() throws Exception;

    @Override
    public final void open(FunctionContext context) throws Exception {
        openClient(context);
        // threads take the caller's (user-code) class loader as context class loader
        executor =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        0L,
                        TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(),
                        DaemonThreadFactory.named(threadName));
    }

    @Override
    public final CompletableFuture<Map<RowData, Collection<RowData>>> readAll(List<RowData> keys) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        CompletableFuture<Map<RowData, Collection<RowData>>> result = new CompletableFuture<>();
        if (executor == null) {
            result.completeExceptionally(
                    new IllegalStateException(threadName + ": read before open()"));
            return result;
        }
        try {
            executor.execute(new Read(keys, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(
                    new IllegalStateException(threadName + ": read after close()", e));
        }
        return result;
    }

    /** One queued read and the future it completes. */
    private final class Read implements Runnable {
        private final List<RowData> keys;
        private final CompletableFuture<Map<RowData, Collection<RowData>>> result;

        Read(List<RowData> keys, CompletableFuture<Map<RowData, Collection<RowData>>> result) {
            this.keys = keys;
            this.result = result;
        }

        @Override
        public void run() {
            try {
                result.complete(readBlocking(keys));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }

        void cancel() {
            result.completeExceptionally(
                    new IllegalStateException(threadName + ": closed before the read ran"));
        }
    }

    @Override
    public final void close() throws Exception {
        try {
            if (executor != null) {
                // reads still queued never run: fail them rather than leave them pending
                for (Runnable queued : executor.shutdownNow()) {
                    ((Read) queued).cancel();
                }
                if (!executor.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn(
                            "{}: reads still running {} s after close; closing the client anyway",
                            threadName,
                            SHUTDOWN_WAIT_SECONDS);
                }
            }
        } finally {
            closeClient();
        }
    }
}
