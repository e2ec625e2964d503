package dev.flinkext.lookup.partition;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;

import javax.annotation.Nullable;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KeyPartitioning} that spreads hot keys over several subtasks: the rows of a hot key go
 * round-robin to {@code spread} consecutive subtasks starting at the key's own (by {@code base}),
 * so one very frequent key no longer loads one subtask with all its rows. Every other key keeps
 * {@code base}'s subtask. Safe for lookups, which keep no state per key: each of those subtasks
 * answers the key alike.
 *
 * <p>Hot keys are named ({@code lookup.shuffle.hot-keys}; the FULL caches of their spread all hold
 * them: {@link #owns}), detected ({@code lookup.shuffle.hot-keys.detect}: a {@link HotKeyDetector}
 * per partitioner instance), or both. {@link #owns} knows the named ones only: a detected key may
 * reach any subtask of its spread, which is why detection is refused with a FULL cache.
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
    private final @Nullable HotKeyDetector detector;
    private transient AtomicLong next;
    // the named hot keys' single field values as a key row holds them (StringData for strings)
    private transient Set<Object> hotValues;

    /**
     * Named hot keys only.
     *
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
        this(base, keyTypes, hotKeys, spread, null);
    }

    /**
     * Named hot keys (possibly none) and, with a {@code detector}, the keys it detects.
     *
     * @param detector counts the rows this instance routes; each deserialized copy starts afresh
     */
    public HotKeySpreading(
            KeyPartitioning base,
            List<LogicalType> keyTypes,
            Set<List<Object>> hotKeys,
            int spread,
            @Nullable HotKeyDetector detector) {
        if (spread < 2) {
            throw new IllegalArgumentException("A hot key is spread over at least 2 subtasks");
        }
        this.base = Objects.requireNonNull(base, "base");
        this.getters = new RowData.FieldGetter[keyTypes.size()];
        for (int i = 0; i < getters.length; i++) {
            getters[i] = RowData.createFieldGetter(keyTypes.get(i), i);
        }
        for (List<Object> hotKey : hotKeys) {
            if (hotKey.size() != 1 || keyTypes.size() != 1) {
                throw new IllegalArgumentException(
                        "Named hot keys are keys of one column: " + hotKey);
            }
        }
        this.hotKeys = Set.copyOf(hotKeys);
        this.spread = spread;
        this.detector = detector;
    }

    private boolean isNamedHot(RowData key) {
        if (hotKeys.isEmpty()) {
            return false;
        }
        if (hotValues == null) {
            Set<Object> values = new HashSet<>();
            for (List<Object> hotKey : hotKeys) {
                Object value = hotKey.get(0);
                values.add(value instanceof String string ? StringData.fromString(string) : value);
            }
            hotValues = values;
        }
        // BinaryStringData equals and hashes by its bytes, whichever row it was read from
        return hotValues.contains(getters[0].getFieldOrNull(key));
    }

    @Override
    public int subtaskOf(RowData key, int numSubtasks) {
        int home = base.subtaskOf(key, numSubtasks);
        // the detector counts every row, named hot keys' too: its shares are of all rows
        boolean detected = detector != null && detector.offer(key);
        if (!detected && !isNamedHot(key)) {
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
        if (!isNamedHot(key)) {
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
        return "HotKeySpreading{"
                + hotKeys.size()
                + " hot keys"
                + (detector != null ? " and those of " + detector : "")
                + " over "
                + (spread == Integer.MAX_VALUE ? "all subtasks" : String.valueOf(spread))
                + ", "
                + base
                + '}';
    }
}
