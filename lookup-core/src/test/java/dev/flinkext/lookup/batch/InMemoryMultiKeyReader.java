package dev.flinkext.lookup.batch;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link MultiKeyReader} over a map, for testing lookup-core's machinery: records every {@code
 * readAll}, can fail the next N reads, hold reads until released, and complete reads on another
 * thread. State is transient: Flink serializes functions (e.g. to name a shared cache) but these
 * tests never deserialize one.
 */
final class InMemoryMultiKeyReader implements MultiKeyReader {

    static final String ADDRESS = "memory-store:4242";

    private final transient Map<RowData, List<RowData>> data = new ConcurrentHashMap<>();
    private final transient BlockingQueue<List<RowData>> newCalls = new LinkedBlockingQueue<>();
    private final transient List<List<RowData>> calls = new CopyOnWriteArrayList<>();
    private final transient List<Runnable> heldReads = new ArrayList<>();
    private final transient AtomicInteger failuresLeft = new AtomicInteger();
    private final transient AtomicBoolean open = new AtomicBoolean();
    private final transient AtomicBoolean closed = new AtomicBoolean();

    private transient volatile Function<RowData, Object> partitioner =
            key -> SinglePartition.INSTANCE;
    private transient volatile Executor completer = Runnable::run;
    private transient boolean holding;

    /** The key row of a single BIGINT key. */
    static RowData key(long id) {
        return GenericRowData.of(id);
    }

    /** A dimension row: (id, name). */
    static RowData row(long id, String name) {
        return GenericRowData.of(id, StringData.fromString(name));
    }

    InMemoryMultiKeyReader put(long id, RowData... rows) {
        data.put(key(id), List.of(rows));
        return this;
    }

    InMemoryMultiKeyReader partitionBy(Function<RowData, Object> partitioner) {
        this.partitioner = partitioner;
        return this;
    }

    /** Completes reads on {@code executor} instead of the calling thread. */
    InMemoryMultiKeyReader completeOn(Executor executor) {
        this.completer = executor;
        return this;
    }

    /** The next {@code n} reads fail with an error naming {@link #ADDRESS}. */
    void failNext(int n) {
        failuresLeft.set(n);
    }

    /** From now on, reads answer from the data as it is now but complete only on release. */
    synchronized void hold() {
        holding = true;
    }

    /** Completes every held read and stops holding. */
    void releaseAll() {
        List<Runnable> release;
        synchronized (this) {
            holding = false;
            release = new ArrayList<>(heldReads);
            heldReads.clear();
        }
        release.forEach(Runnable::run);
    }

    @Override
    public void open(FunctionContext context) {
        open.set(true);
    }

    @Override
    public CompletableFuture<Map<RowData, Collection<RowData>>> readAll(List<RowData> keys) {
        List<RowData> call = List.copyOf(keys);
        calls.add(call);
        newCalls.add(call);
        CompletableFuture<Map<RowData, Collection<RowData>>> result = new CompletableFuture<>();
        Runnable answer;
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            answer =
                    () ->
                            result.completeExceptionally(
                                    new IOException("Connection refused: " + ADDRESS));
        } else {
            Map<RowData, Collection<RowData>> found = new HashMap<>();
            for (RowData key : call) {
                List<RowData> rows = data.get(key);
                if (rows != null) {
                    found.put(key, rows);
                }
            }
            answer = () -> result.complete(found);
        }
        synchronized (this) {
            if (holding) {
                heldReads.add(answer);
                return result;
            }
        }
        completer.execute(answer);
        return result;
    }

    @Override
    public Object partitionOf(RowData key) {
        return partitioner.apply(key);
    }

    @Override
    public void close() {
        closed.set(true);
    }

    /** Every readAll so far, in order. */
    List<List<RowData>> calls() {
        return List.copyOf(calls);
    }

    /** Waits (bounded) for the next readAll not yet taken. */
    List<RowData> awaitCall(Duration timeout) throws InterruptedException {
        List<RowData> call = newCalls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (call == null) {
            throw new AssertionError("No readAll within " + timeout);
        }
        return call;
    }

    boolean isOpen() {
        return open.get();
    }

    boolean isClosed() {
        return closed.get();
    }
}
