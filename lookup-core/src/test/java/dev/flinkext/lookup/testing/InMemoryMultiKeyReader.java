package dev.flinkext.lookup.testing;

import dev.flinkext.lookup.batch.MultiKeyReader;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link MultiKeyReader} over data in memory: the store behind lookup-core's own tests, and a
 * correct implementation of {@code MultiKeyReaderContract} (it runs the contract itself).
 *
 * <p>Two ways to hold data, usable together:
 *
 * <ul>
 *   <li>by key: {@link #put(RowData, RowData...)} maps a key row to its rows (e.g. {@code
 *       put(key(1), row(1, "one"))});
 *   <li>as a table: with {@link Builder#table(RowType, int...)} the reader looks rows up by its key
 *       columns, the way a connector does, among the rows given to {@link #putRow}; {@link
 *       Builder#projection} narrows what it returns.
 * </ul>
 *
 * A key with a NULL field is a miss (SQL's {@code NULL = x} is never true). Duplicate keys in one
 * batch are answered once. An empty batch completes at once, even while failing.
 *
 * <p>Test knobs: every {@code readAll} is recorded ({@link #calls()}, {@link #awaitCall}); reads
 * can fail ({@link #failNext}, {@link #setFailing}) with an error naming {@link #address()}; be
 * held until released ({@link #hold()}, {@link #releaseAll()}); complete on another thread ({@link
 * Builder#completeOn}); and be split into partitions ({@link Builder#partitionBy}).
 *
 * <p>The data, the knobs and the counters live in a store found by id, so copies that Flink
 * serializes (a partial cache's refresh reader, a function shipped to a task) and readers built
 * with {@link Builder#sameStoreAs} share them.
 */
public final class InMemoryMultiKeyReader implements MultiKeyReader {

    private static final long serialVersionUID = 1L;

    /** The address the reads' failures name, unless {@link Builder#address} sets another. */
    public static final String ADDRESS = "memory-store:4242";

    private static final Map<String, Store> STORES = new ConcurrentHashMap<>();

    private final String storeId;
    private final String address;
    private final @Nullable RowType rowType;
    private final @Nullable int[] keyColumns;
    private final @Nullable int[] projection;

    private InMemoryMultiKeyReader(Builder builder) {
        this.storeId = builder.storeId;
        this.address = builder.address;
        this.rowType = builder.rowType;
        this.keyColumns = builder.keyColumns;
        this.projection = builder.projection;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A reader with no data yet ({@code builder().build()}). */
    public static InMemoryMultiKeyReader create() {
        return builder().build();
    }

    /** The key row of a single BIGINT key. */
    public static RowData key(long id) {
        return GenericRowData.of(id);
    }

    /** A dimension row (id BIGINT, name STRING). */
    public static RowData row(long id, String name) {
        return GenericRowData.of(id, StringData.fromString(name));
    }

    private Store store() {
        Store store = STORES.get(storeId);
        if (store == null) {
            throw new IllegalStateException("No in-memory store " + storeId);
        }
        return store;
    }

    // ------------------------------------------------------------------ data

    /** Maps {@code key} to {@code rows} (replacing what it had). */
    public InMemoryMultiKeyReader put(RowData key, RowData... rows) {
        store().data.put(key, List.of(rows));
        return this;
    }

    /** Maps {@link #key(long) key(id)} to {@code rows}. */
    public InMemoryMultiKeyReader put(long id, RowData... rows) {
        return put(key(id), rows);
    }

    /** Adds a table row (see {@link Builder#table}). */
    public InMemoryMultiKeyReader putRow(RowData row) {
        Store store = store();
        synchronized (store.rows) {
            store.rows.add(row);
        }
        return this;
    }

    /** Replaces every table row by {@code rows}. */
    public InMemoryMultiKeyReader replaceRows(Collection<? extends RowData> rows) {
        Store store = store();
        synchronized (store.rows) {
            store.rows.clear();
            store.rows.addAll(rows);
        }
        return this;
    }

    /** Removes every row, by key and table rows. */
    public void clear() {
        Store store = store();
        store.data.clear();
        synchronized (store.rows) {
            store.rows.clear();
        }
    }

    // ------------------------------------------------------------------ knobs

    /** From now on, the store partition of each key (as {@link Builder#partitionBy}). */
    public InMemoryMultiKeyReader partitionBy(Function<RowData, Object> partitioner) {
        store().partitioner = Objects.requireNonNull(partitioner);
        return this;
    }

    /** From now on, completes reads on {@code executor} (as {@link Builder#completeOn}). */
    public InMemoryMultiKeyReader completeOn(Executor executor) {
        store().completer = Objects.requireNonNull(executor);
        return this;
    }

    /** The next {@code n} reads fail with an error naming {@link #address()}. */
    public void failNext(int n) {
        store().failuresLeft.set(n);
    }

    /** While true, every read fails with an error naming {@link #address()}. */
    public void setFailing(boolean failing) {
        store().failing = failing;
    }

    /** From now on, reads answer from the data as it is now but complete only on release. */
    public void hold() {
        Store store = store();
        synchronized (store) {
            store.holding = true;
        }
    }

    /** Completes every held read and stops holding. */
    public void releaseAll() {
        Store store = store();
        List<Runnable> release;
        synchronized (store) {
            store.holding = false;
            release = new ArrayList<>(store.heldReads);
            store.heldReads.clear();
        }
        release.forEach(Runnable::run);
    }

    // ------------------------------------------------------------------ observations

    /** What reads fail with. */
    public String address() {
        return address;
    }

    /** Every readAll so far (of every reader of this store), in order. */
    public List<List<RowData>> calls() {
        return List.copyOf(store().calls);
    }

    /** Waits (bounded) for the next readAll not yet taken. */
    public List<RowData> awaitCall(Duration timeout) throws InterruptedException {
        List<RowData> call = store().newCalls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (call == null) {
            throw new AssertionError("No readAll within " + timeout);
        }
        return call;
    }

    /** How often a reader of this store was opened. */
    public int opens() {
        return store().opens.get();
    }

    /** How often a reader of this store was closed. */
    public int closes() {
        return store().closes.get();
    }

    public boolean isOpen() {
        return opens() > 0;
    }

    public boolean isClosed() {
        return closes() > 0;
    }

    // ------------------------------------------------------------------ MultiKeyReader

    @Override
    public void open(FunctionContext context) {
        // what the refresh reader of a partial cache gets: a metric group and a class loader
        Objects.requireNonNull(context.getMetricGroup());
        store().opens.incrementAndGet();
    }

    @Override
    public CompletableFuture<Map<RowData, Collection<RowData>>> readAll(List<RowData> keys) {
        Store store = store();
        List<RowData> call = List.copyOf(keys);
        store.calls.add(call);
        store.newCalls.add(call);
        if (call.isEmpty()) {
            return CompletableFuture.completedFuture(new HashMap<>());
        }
        CompletableFuture<Map<RowData, Collection<RowData>>> result = new CompletableFuture<>();
        Runnable answer;
        if (store.failing || store.failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            answer =
                    () ->
                            result.completeExceptionally(
                                    new IOException("Connection refused: " + address));
        } else {
            Map<RowData, Collection<RowData>> found = find(store, call);
            answer = () -> result.complete(found);
        }
        synchronized (store) {
            if (store.holding) {
                store.heldReads.add(answer);
                return result;
            }
        }
        store.completer.execute(answer);
        return result;
    }

    private Map<RowData, Collection<RowData>> find(Store store, List<RowData> keys) {
        Map<RowData, Collection<RowData>> found = new HashMap<>();
        for (RowData key : keys) {
            if (hasNullField(key)) {
                continue;
            }
            List<RowData> rows = new ArrayList<>(store.data.getOrDefault(key, List.of()));
            if (keyColumns != null) {
                synchronized (store.rows) {
                    for (RowData row : store.rows) {
                        if (matches(row, key)) {
                            rows.add(row);
                        }
                    }
                }
            }
            if (!rows.isEmpty()) {
                found.put(key, project(rows));
            }
        }
        return found;
    }

    private static boolean hasNullField(RowData key) {
        for (int i = 0; i < key.getArity(); i++) {
            if (key.isNullAt(i)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(RowData row, RowData key) {
        if (key.getArity() != keyColumns.length) {
            return false;
        }
        for (int i = 0; i < keyColumns.length; i++) {
            RowData.FieldGetter getter =
                    RowData.createFieldGetter(rowType.getTypeAt(keyColumns[i]), keyColumns[i]);
            RowData.FieldGetter keyGetter =
                    RowData.createFieldGetter(rowType.getTypeAt(keyColumns[i]), i);
            if (!Objects.equals(getter.getFieldOrNull(row), keyGetter.getFieldOrNull(key))) {
                return false;
            }
        }
        return true;
    }

    private List<RowData> project(List<RowData> rows) {
        if (projection == null) {
            return rows;
        }
        List<RowData> projected = new ArrayList<>(rows.size());
        for (RowData row : rows) {
            GenericRowData out = new GenericRowData(row.getRowKind(), projection.length);
            for (int i = 0; i < projection.length; i++) {
                out.setField(
                        i,
                        RowData.createFieldGetter(rowType.getTypeAt(projection[i]), projection[i])
                                .getFieldOrNull(row));
            }
            projected.add(out);
        }
        return projected;
    }

    @Override
    public Object partitionOf(RowData key) {
        return store().partitioner.apply(key);
    }

    @Override
    public void close() {
        store().closes.incrementAndGet();
    }

    @Override
    public String toString() {
        return "InMemoryMultiKeyReader(" + address + ", store " + storeId + ")";
    }

    /** Builds a reader; every option is optional. */
    public static final class Builder {
        private String storeId;
        private String address = ADDRESS;
        private @Nullable RowType rowType;
        private @Nullable int[] keyColumns;
        private @Nullable int[] projection;
        private final Map<RowData, List<RowData>> data = new HashMap<>();
        private Function<RowData, Object> partitioner;
        private Executor completer;

        private Builder() {}

        /** Maps {@code key} to {@code rows}. */
        public Builder put(RowData key, RowData... rows) {
            data.put(key, List.of(rows));
            return this;
        }

        /** Maps {@link #key(long) key(id)} to {@code rows}. */
        public Builder put(long id, RowData... rows) {
            return put(key(id), rows);
        }

        /**
         * Looks up table rows (of {@code rowType}, added by {@link #putRow}) by these columns: the
         * key rows hold their values in this order.
         */
        public Builder table(RowType rowType, int... keyColumns) {
            this.rowType = rowType;
            this.keyColumns = keyColumns.clone();
            return this;
        }

        /** Returns only these columns of {@link #table} rows, in this order. */
        public Builder projection(@Nullable int... positions) {
            this.projection = positions == null ? null : positions.clone();
            return this;
        }

        /** The address reads' failures name. */
        public Builder address(String address) {
            this.address = address;
            return this;
        }

        /** The store partition of each key (default: one partition). */
        public Builder partitionBy(Function<RowData, Object> partitioner) {
            this.partitioner = partitioner;
            return this;
        }

        /** Completes reads on {@code executor} instead of the calling thread. */
        public Builder completeOn(Executor executor) {
            this.completer = executor;
            return this;
        }

        /**
         * Reads (and counts, and fails with) the store of {@code other}: another view, e.g. with
         * other key columns or a projection, of the same data.
         */
        public Builder sameStoreAs(InMemoryMultiKeyReader other) {
            this.storeId = other.storeId;
            return this;
        }

        public InMemoryMultiKeyReader build() {
            if (projection != null && rowType == null) {
                throw new IllegalStateException("A projection needs table(rowType, keyColumns)");
            }
            if (storeId == null) {
                storeId = UUID.randomUUID().toString();
                STORES.put(storeId, new Store());
            }
            Store store = STORES.get(storeId);
            store.data.putAll(data);
            if (partitioner != null) {
                store.partitioner = partitioner;
            }
            if (completer != null) {
                store.completer = completer;
            }
            return new InMemoryMultiKeyReader(this);
        }
    }

    /** The data, knobs and counters that every copy of a reader shares. */
    private static final class Store {
        final Map<RowData, List<RowData>> data = new ConcurrentHashMap<>();
        final List<RowData> rows = new ArrayList<>(); // guarded by itself
        final BlockingQueue<List<RowData>> newCalls = new LinkedBlockingQueue<>();
        final List<List<RowData>> calls = new CopyOnWriteArrayList<>();
        final List<Runnable> heldReads = new ArrayList<>(); // guarded by this
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean failing;
        volatile Function<RowData, Object> partitioner = key -> SinglePartition.INSTANCE;
        volatile Executor completer = Runnable::run;
        boolean holding; // guarded by this
    }
}
