package dev.flinkext.lookup.partition;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Detects the keys that are hot in the rows one partitioner instance routes ({@code
 * lookup.shuffle.hot-keys.detect}): a key is hot while its rows are at least {@code threshold} of
 * the rows of the last one to two windows of {@code window} rows.
 *
 * <p>The counts live in two count-min sketches of {@value #DEPTH} rows of {@code width} int
 * counters (conservative update): one for the window being filled, one for the window before it.
 * When a window is full the older sketch is cleared and becomes the current one, so a key whose
 * rows stop is forgotten at most two windows later. Memory is bounded: {@code 2 * DEPTH * width}
 * ints, {@code width} the power of two at or above {@code 16 / threshold} (64 KB at a threshold of
 * 0.01). A count-min sketch only overestimates: every key above the threshold is detected, and a
 * key far below it only when it shares a counter with hot keys in all {@value #DEPTH} rows. Each
 * row costs one hash of the key's fields and {@value #DEPTH} x 2 counter reads; nothing is
 * allocated per row except what reading a field of the key row allocates (a {@code BinaryRowData}'s
 * string field).
 *
 * <p>Nothing is detected until the first window is full. The counters are not serialized: each
 * deserialized copy (Flink ships one to every upstream subtask) starts empty and counts the rows of
 * its own subtask. Not thread-safe: each copy is called by its task's thread only.
 */
public final class HotKeyDetector implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rows of each count-min sketch (independent hashes of a key). */
    static final int DEPTH = 4;

    private final LogicalTypeRoot[] roots;
    private final RowData.FieldGetter[] getters;
    private final double threshold;
    private final int window;
    private final int width;

    private transient int[] current;
    private transient int[] previous;
    private transient int currentRows;
    private transient int previousRows;

    /**
     * @param keyTypes the key fields' types, in key-row order
     * @param threshold the share of recent rows above which a key is hot, in (0, 1)
     * @param window rows per window, at least {@code 1 / threshold}
     */
    public HotKeyDetector(List<LogicalType> keyTypes, double threshold, int window) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1): " + threshold);
        }
        if (window < 1 || window * threshold < 1) {
            throw new IllegalArgumentException(
                    "window must hold at least 1 / threshold rows: " + window);
        }
        this.roots = new LogicalTypeRoot[keyTypes.size()];
        this.getters = new RowData.FieldGetter[keyTypes.size()];
        for (int i = 0; i < getters.length; i++) {
            roots[i] = keyTypes.get(i).getTypeRoot();
            getters[i] = RowData.createFieldGetter(keyTypes.get(i), i);
        }
        this.threshold = threshold;
        this.window = window;
        this.width = Integer.highestOneBit((int) Math.ceil(16 / threshold) - 1) << 1;
    }

    /**
     * Counts one row of {@code key}.
     *
     * @return whether {@code key} is hot now (this row counted)
     */
    public boolean offer(RowData key) {
        if (current == null) {
            current = new int[DEPTH * width];
            previous = new int[DEPTH * width];
        }
        if (currentRows == window) {
            int[] older = previous;
            previous = current;
            current = older;
            Arrays.fill(current, 0);
            previousRows = currentRows;
            currentRows = 0;
        }
        long hash = fingerprint(key);
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32) | 1;
        int mask = width - 1;
        int minCurrent = Integer.MAX_VALUE;
        int minPrevious = Integer.MAX_VALUE;
        for (int r = 0; r < DEPTH; r++) {
            int index = r * width + ((h1 + r * h2) & mask);
            minCurrent = Math.min(minCurrent, current[index]);
            minPrevious = Math.min(minPrevious, previous[index]);
        }
        // conservative update: raise only the counters at the key's (over)estimate
        for (int r = 0; r < DEPTH; r++) {
            int index = r * width + ((h1 + r * h2) & mask);
            if (current[index] == minCurrent) {
                current[index] = minCurrent + 1;
            }
        }
        currentRows++;
        if (previousRows == 0) {
            return false;
        }
        long estimate = (long) minCurrent + 1 + minPrevious;
        return estimate >= threshold * (previousRows + currentRows);
    }

    /** {@code 2 * DEPTH * width}: the int counters an instance holds once it counts. */
    public int counters() {
        return 2 * DEPTH * width;
    }

    // A 64-bit hash of the key's field values, whatever RowData holds them; primitives unboxed.
    private long fingerprint(RowData key) {
        long hash = 1;
        for (int i = 0; i < roots.length; i++) {
            hash = hash * 0x9E3779B97F4A7C15L + fieldHash(key, i);
        }
        return mix(hash);
    }

    private long fieldHash(RowData key, int i) {
        if (key.isNullAt(i)) {
            return 0x5bd1e995L;
        }
        return switch (roots[i]) {
            case BOOLEAN -> key.getBoolean(i) ? 1231 : 1237;
            case TINYINT -> key.getByte(i);
            case SMALLINT -> key.getShort(i);
            case INTEGER, DATE, TIME_WITHOUT_TIME_ZONE, INTERVAL_YEAR_MONTH -> key.getInt(i);
            case BIGINT, INTERVAL_DAY_TIME -> key.getLong(i);
            case FLOAT -> Float.floatToIntBits(key.getFloat(i));
            case DOUBLE -> Double.doubleToLongBits(key.getDouble(i));
            case CHAR, VARCHAR -> key.getString(i).hashCode();
            default -> FieldHashKeyPartitioning.valueHash(getters[i].getFieldOrNull(key));
        };
    }

    // murmur3 fmix64
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53a87ceL;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public String toString() {
        return "HotKeyDetector{threshold=" + threshold + ", window=" + window + " rows}";
    }
}
