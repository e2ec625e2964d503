package dev.flinkext.lookup.batch;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool a blocking store client's reads run on: threads, failures, and the close order. */
class BlockingMultiKeyReaderTest {

    private final List<String> events = new ArrayList<>();
    private ScriptedReader reader;

    @AfterEach
    void close() throws Exception {
        if (reader != null) {
            reader.close();
        }
    }

    private static RowData key(int k) {
        return GenericRowData.of(k);
    }

    @Test
    void readsRunOnTheReadersOwnNamedDaemonThreadsWithTheOpenersClassLoader() throws Exception {
        ClassLoader userCode = new URLClassLoader(new URL[0], getClass().getClassLoader());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        reader = new ScriptedReader(2);
        Thread.currentThread().setContextClassLoader(userCode);
        try {
            reader.open(new FunctionContext(null));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }

        Map<RowData, Collection<RowData>> rows = reader.readAll(List.of(key(1))).get();

        assertThat(rows).containsOnlyKeys(key(1));
        Thread thread = reader.lastThread;
        assertThat(thread).isNotSameAs(Thread.currentThread());
        assertThat(thread.getName()).startsWith("test-reader dim-");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(reader.lastContextClassLoader).isSameAs(userCode);
    }

    @Test
    void anEmptyBatchCompletesAtOnceWithoutReading() throws Exception {
        reader = new ScriptedReader(1);
        reader.open(new FunctionContext(null));

        CompletableFuture<Map<RowData, Collection<RowData>>> none = reader.readAll(List.of());

        assertThat(none).isCompletedWithValue(Map.of());
        assertThat(reader.reads.get()).isZero();
    }

    @Test
    void aFailedReadCompletesTheFutureExceptionallyInsteadOfThrowing() throws Exception {
        reader = new ScriptedReader(1);
        reader.failWith = new IOException("store at 127.0.0.1:1 refused");
        reader.open(new FunctionContext(null));

        CompletableFuture<Map<RowData, Collection<RowData>>> read = reader.readAll(List.of(key(1)));

        assertThatThrownBy(read::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isSameAs(reader.failWith);
    }

    @Test
    void noMoreReadsRunAtOnceThanThreads() throws Exception {
        reader = new ScriptedReader(2);
        reader.gate = new CountDownLatch(1);
        reader.open(new FunctionContext(null));

        List<CompletableFuture<Map<RowData, Collection<RowData>>>> reads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reads.add(reader.readAll(List.of(key(i))));
        }
        // two threads block in the gate; the other three reads wait in the queue
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reader.running.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(reader.running.get()).isEqualTo(2);
        reader.gate.countDown();
        for (CompletableFuture<?> read : reads) {
            read.get(10, TimeUnit.SECONDS);
        }
        assertThat(reader.maxRunning.get()).isEqualTo(2);
        assertThat(reader.reads.get()).isEqualTo(5);
    }

    @Test
    void readsBeforeOpenAndAfterCloseFailNamingTheReader() throws Exception {
        reader = new ScriptedReader(1);
        assertThatThrownBy(() -> reader.readAll(List.of(key(1))).get())
                .hasMessageContaining("test-reader dim: read before open()");

        reader.open(new FunctionContext(null));
        reader.close();
        assertThatThrownBy(() -> reader.readAll(List.of(key(1))).get())
                .hasMessageContaining("test-reader dim: read after close()");
    }

    @Test
    void closeStopsRunningAndQueuedReadsBeforeItClosesTheClient() throws Exception {
        reader = new ScriptedReader(1);
        reader.gate = new CountDownLatch(1); // never opened: the read blocks until interrupted
        reader.open(new FunctionContext(null));
        CompletableFuture<Map<RowData, Collection<RowData>>> read = reader.readAll(List.of(key(1)));
        CompletableFuture<Map<RowData, Collection<RowData>>> queued =
                reader.readAll(List.of(key(2)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reader.running.get() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        reader.close();

        assertThat(events).containsExactly("open client", "read interrupted", "close client");
        assertThatThrownBy(read::get).cause().isInstanceOf(InterruptedException.class);
        assertThatThrownBy(queued::get)
                .hasMessageContaining("test-reader dim: closed before the read ran");
        reader = null;
    }

    @Test
    void closeWithoutOpenClosesTheClientOnly() throws Exception {
        new ScriptedReader(1).close();
        assertThat(events).containsExactly("close client");
    }

    /** A reader whose "store" answers one row per key, optionally failing or held at a gate. */
    private final class ScriptedReader extends BlockingMultiKeyReader {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        volatile Exception failWith;
        volatile CountDownLatch gate;
        volatile Thread lastThread;
        volatile ClassLoader lastContextClassLoader;

        ScriptedReader(int threads) {
            super("test-reader dim", threads);
        }

        @Override
        protected void openClient(FunctionContext context) {
            events.add("open client");
        }

        @Override
        protected Map<RowData, Collection<RowData>> readBlocking(List<RowData> keys)
                throws Exception {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                lastThread = Thread.currentThread();
                lastContextClassLoader = Thread.currentThread().getContextClassLoader();
                if (gate != null) {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        synchronized (events) {
                            events.add("read interrupted");
                        }
                        throw e;
                    }
                }
                reads.incrementAndGet();
                if (failWith != null) {
                    throw failWith;
                }
                return Map.of(keys.get(0), List.of(keys.get(0)));
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        protected void closeClient() {
            synchronized (events) {
                events.add("close client");
            }
        }
    }
}
