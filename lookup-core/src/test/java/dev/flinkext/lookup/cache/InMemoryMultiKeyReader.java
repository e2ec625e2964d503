package dev.flinkext.lookup.cache;

import dev.flinkext.lookup.batch.MultiKeyReader;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test store behind the {@link MultiKeyReader} contract. Serialized copies (as Flink ships them)
 * share one {@link Store}, found by id, so a test can change the data a deserialized reader sees.
 */
final class InMemoryMultiKeyReader implements MultiKeyReader {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Store> STORES = new ConcurrentHashMap<>();

    private final String storeId;

    InMemoryMultiKeyReader() {
        this.storeId = UUID.randomUUID().toString();
        STORES.put(storeId, new Store());
    }

    Store store() {
        return STORES.get(storeId);
    }

    @Override
    public void open(FunctionContext context) {
        context.getMetricGroup(); // must be usable without a runtime context
        context.getUserCodeClassLoader();
        store().opens.incrementAndGet();
    }

    @Override
    public CompletableFuture<Map<RowData, Collection<RowData>>> readAll(List<RowData> keys) {
        Store store = store();
        store.reads.add(List.copyOf(keys));
        CompletableFuture<Map<RowData, Collection<RowData>>> result = new CompletableFuture<>();
        Runnable complete =
                () -> {
                    if (store.failing) {
                        result.completeExceptionally(
                                new IllegalStateException("store at test:0 is down"));
                        return;
                    }
                    Map<RowData, Collection<RowData>> found = new HashMap<>();
                    for (RowData key : keys) {
                        List<RowData> rows = store.data.get(key);
                        if (rows != null) {
                            found.put(key, rows);
                        }
                    }
                    result.complete(found);
                };
        if (store.holding) {
            store.held.add(complete);
        } else {
            complete.run();
        }
        return result;
    }

    @Override
    public void close() {
        store().closes.incrementAndGet();
    }

    /** The data and the knobs of one test store. */
    static final class Store {
        final Map<RowData, List<RowData>> data = new ConcurrentHashMap<>();
        final List<List<RowData>> reads = new CopyOnWriteArrayList<>();
        final List<Runnable> held = new CopyOnWriteArrayList<>();
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean failing;
        volatile boolean holding;

        void put(RowData key, RowData... rows) {
            data.put(key, List.of(rows));
        }

        /** Completes every read that {@link #holding} kept pending. */
        void releaseHeld() {
            List<Runnable> pending = new ArrayList<>(held);
            held.clear();
            pending.forEach(Runnable::run);
        }
    }
}
