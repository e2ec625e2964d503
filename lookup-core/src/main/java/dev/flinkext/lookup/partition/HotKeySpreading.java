package dev.flinkext.lookup.partition;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KeyPartitioning} that spreads named hot keys over several subtasks: the rows of a hot
 * key go round-robin to {@code spread} consecutive subtasks starting at the key's own (by {@code
 * base}), so one very frequent key no longer loads one subtask with all its rows. Every other key
 * keeps {@code base}'s subtask. Safe for lookups, which keep no state per key: each of those
 * subtasks answers the key alike (their FULL caches all hold it: {@link #owns}).
 *
 * <p>Not deterministic, so Flink applies it to insert-only inputs only; for an input with updates
 * or deletes it keeps the input's distribution (a partitioned FULL cache then fails on the first
 * key it does not hold, naming the option).
 */
public final class HotKeySpreading implements KeyPartitioning {

    private static final long serialVersionUID = 1L;

    private final KeyPartitioning base;
    private final RowData.FieldGetter[] getters;
    private final Set<List<Object>> hotKeys;
    private final int spread;
    private transient AtomicLong next;

    /**
     * @param keyTypes the key fields' types, in key-row order
     * @param hotKeys the hot keys' field values as Java values ({@link HotKeyValues}: String for
     *     strings, boxed integers), in key-row order
     * @param spread subtasks a hot key goes to (at least 2; at most all of them)
     */
    public HotKeySpreading(
            KeyPartitioning base,
            List<LogicalType> keyTypes,
            Set<List<Object>> hotKeys,
            int spread) {
        if (spread < 2) {
            throw new IllegalArgumentException("A hot key is spread over at least 2 subtasks");
        }
        this.base = Objects.requireNonNull(base, "base");
        this.getters = new RowData.FieldGetter[keyTypes.size()];
        for (int i = 0; i < getters.length; i++) {
            getters[i] = RowData.createFieldGetter(keyTypes.get(i), i);
        }
        this.hotKeys = Set.copyOf(hotKeys);
        this.spread = spread;
    }

    private boolean isHot(RowData key) {
        List<Object> values = new ArrayList<>(getters.length);
        for (RowData.FieldGetter getter : getters) {
            Object value = getter.getFieldOrNull(key);
            values.add(value instanceof StringData string ? string.toString() : value);
        }
        return hotKeys.contains(values);
    }

    @Override
    public int subtaskOf(RowData key, int numSubtasks) {
        int home = base.subtaskOf(key, numSubtasks);
        if (!isHot(key)) {
            return home;
        }
        if (next == null) {
            next = new AtomicLong();
        }
        int width = Math.min(spread, numSubtasks);
        return (int) ((home + Math.floorMod(next.getAndIncrement(), width)) % numSubtasks);
    }

    @Override
    public boolean owns(RowData key, int subtask, int numSubtasks) {
        int home = base.subtaskOf(key, numSubtasks);
        if (!isHot(key)) {
            return home == subtask;
        }
        int width = Math.min(spread, numSubtasks);
        return Math.floorMod(subtask - home, numSubtasks) < width;
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }

    /** Every store partition: a subtask also holds hot keys of other subtasks' partitions. */
    @Override
    public Optional<Set<String>> storePartitionsOf(int subtask, int numSubtasks) {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "HotKeySpreading{" + hotKeys.size() + " hot keys over " + spread + ", " + base + '}';
    }
}
