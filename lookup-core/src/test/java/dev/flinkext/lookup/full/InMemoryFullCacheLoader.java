package dev.flinkext.lookup.full;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: a {@link FullCacheLoader} over splits held in memory. Its state lives in a static
 * registry keyed by a random id, so serialized copies (and the SQL test's task-side copies) see
 * what the test sets: data that changes between loads, splits that fail on demand, and what the
 * loader was asked. {@link #withProjection} hands over projected rows; {@link State#unreachable}
 * fails every read naming {@link #ADDRESS}. It runs {@code FullCacheLoaderContract} itself ({@code
 * InMemoryFullCacheLoaderContractTest}).
 */
final class InMemoryFullCacheLoader implements FullCacheLoader {

    private static final long serialVersionUID = 1L;
    private static final Map<String, State> STATES = new ConcurrentHashMap<>();

    /** What a failed read of an {@link State#unreachable} store names. */
    static final String ADDRESS = "memory-store:4242";

    private final String id;
    private final @Nullable RowType rowType;
    private final @Nullable int[] projection;

    private InMemoryFullCacheLoader(String id) {
        this(id, null, null);
    }

    private InMemoryFullCacheLoader(
            String id, @Nullable RowType rowType, @Nullable int[] projection) {
        this.id = id;
        this.rowType = rowType;
        this.projection = projection;
    }

    /** This loader's table (rows of {@code rowType}), handing over only {@code positions}. */
    InMemoryFullCacheLoader withProjection(RowType rowType, int[] positions) {
        return new InMemoryFullCacheLoader(id, rowType, positions.clone());
    }

    static InMemoryFullCacheLoader create() {
        String id = UUID.randomUUID().toString();
        STATES.put(id, new State());
        return new InMemoryFullCacheLoader(id);
    }

    static InMemoryFullCacheLoader byId(String id) {
        STATES.computeIfAbsent(id, ignored -> new State());
        return new InMemoryFullCacheLoader(id);
    }

    String id() {
        return id;
    }

    State state() {
        return STATES.get(id);
    }

    @Override
    public void open(FunctionContext context) {
        state().opens.incrementAndGet();
    }

    @Override
    public List<LoadSplit> splits(LoadScope scope) {
        State state = state();
        state.splitCalls.incrementAndGet();
        state.scopes.add(scope);
        List<LoadSplit> splits = new ArrayList<>();
        for (int i = 0; i < state.data.size(); i++) {
            splits.add(new MemorySplit(i));
        }
        return splits;
    }

    @Override
    public void read(LoadSplit split, LoadScope scope, RowConsumer out) throws Exception {
        State state = state();
        int index = ((MemorySplit) split).index;
        state.scopes.add(scope);
        int running = state.running.incrementAndGet();
        state.maxRunning.accumulateAndGet(running, Math::max);
        try {
            CyclicBarrier barrier = state.barrier;
            if (barrier != null && index < barrier.getParties()) {
                barrier.await(30, TimeUnit.SECONDS); // proves that many splits run at once
            }
            if (state.failingSplits.contains(index)) {
                throw new IllegalStateException("injected failure in split " + index);
            }
            if (state.unreachable) {
                throw new IOException("Connection refused: " + ADDRESS);
            }
            for (RowData row : state.data.get(index)) {
                out.accept(project(row));
            }
            state.readSplits.add(index);
        } finally {
            state.running.decrementAndGet();
        }
    }

    private RowData project(RowData row) {
        if (projection == null) {
            return row;
        }
        GenericRowData projected = new GenericRowData(row.getRowKind(), projection.length);
        for (int i = 0; i < projection.length; i++) {
            projected.setField(
                    i,
                    RowData.createFieldGetter(rowType.getTypeAt(projection[i]), projection[i])
                            .getFieldOrNull(row));
        }
        return projected;
    }

    @Override
    public void close() {
        state().closes.incrementAndGet();
    }

    @Override
    public String toString() {
        return "InMemoryFullCacheLoader(" + id + ")";
    }

    /** One split of the in-memory table. */
    record MemorySplit(int index) implements LoadSplit {
        @Override
        public String toString() {
            return "memory-split-" + index;
        }
    }

    /** What a test controls and observes. */
    static final class State {
        /** One list of rows per split; replace it to change the table between loads. */
        volatile List<List<RowData>> data = List.of();

        final Set<Integer> failingSplits = ConcurrentHashMap.newKeySet();

        /** Every read fails with an error naming {@link #ADDRESS}. */
        volatile boolean unreachable;

        volatile CyclicBarrier barrier;
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicInteger splitCalls = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final List<LoadScope> scopes = new CopyOnWriteArrayList<>();
        final Set<Integer> readSplits = ConcurrentHashMap.newKeySet();
    }
}
