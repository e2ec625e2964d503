package dev.flinkext.sink.writer;

/**
 * Reduce key → where that key's buffered row sits in the buffer (first entry, entry count). Open
 * addressing over arrays kept from batch to batch and cleared slot by slot: buffering a reducible
 * row allocates nothing here, where a {@code HashMap} would allocate a node and box the position
 * for every row. Keys are compared with {@code equals}, as {@link RowConverter#reduceKey} demands.
 * Used on the mailbox thread only.
 */
final class ReduceIndex {

    /** What {@link #put} returns when no row of the key was buffered. */
    static final long ABSENT = -1L;

    private Object[] keys = new Object[32];
    private long[] rows = new long[32];

    /** The occupied slots, in insertion order, so {@link #clear} visits only those. */
    private int[] used = new int[16];

    private int size;

    /**
     * Records that the row of {@code key} now has {@code count} entries from {@code start}.
     *
     * @return the row it replaces ({@link #start}/{@link #count} read it), or {@link #ABSENT}
     */
    long put(Object key, int start, int count) {
        if (size >= used.length) {
            grow(); // keeps the table at most half full, so probes stay short
        }
        long row = ((long) start << 32) | (count & 0xFFFF_FFFFL);
        int slot = slotOf(keys, key);
        if (keys[slot] != null) {
            long previous = rows[slot];
            rows[slot] = row;
            return previous;
        }
        keys[slot] = key;
        rows[slot] = row;
        used[size++] = slot;
        return ABSENT;
    }

    static int start(long row) {
        return (int) (row >>> 32);
    }

    static int count(long row) {
        return (int) row;
    }

    /** Forgets every key; the arrays stay for the next batch. */
    void clear() {
        for (int i = 0; i < size; i++) {
            keys[used[i]] = null;
        }
        size = 0;
    }

    /** The slot holding {@code key}, or the free slot where it belongs. */
    private static int slotOf(Object[] keys, Object key) {
        int mask = keys.length - 1;
        int hash = key.hashCode();
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (keys[slot] != null && !keys[slot].equals(key)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        Object[] newKeys = new Object[keys.length * 2];
        long[] newRows = new long[keys.length * 2];
        int[] newUsed = new int[used.length * 2];
        for (int i = 0; i < size; i++) {
            int slot = slotOf(newKeys, keys[used[i]]);
            newKeys[slot] = keys[used[i]];
            newRows[slot] = rows[used[i]];
            newUsed[i] = slot;
        }
        keys = newKeys;
        rows = newRows;
        used = newUsed;
    }
}
