package dev.flinkext.udf.hll.sketch;

/**
 * When airlift turns a sparse sketch dense: right after an add or a merge, when the sparse
 * instance's estimated heap size exceeds the dense one's. The sparse size counts the capacity of
 * its entry array, not the entries, and that capacity depends on how the sketch was built: add()
 * grows it 10 entries at a time (from 1), a sparse merge sizes it exactly, deserialization sizes it
 * exactly. So at 4096 buckets a sketch built by add() turns dense at its 512th entry (capacity 521)
 * and a merge of sparse sketches at 517 entries. We track the same capacity to switch at the same
 * operation, while our own array grows however it likes.
 *
 * <p>The sizes are those airlift measures (JOL) on a 64-bit JVM with compressed oops, i.e. a heap
 * below 32 GB: SparseHll 24 bytes, DenseHll 40 bytes, array header 16 bytes. A Presto JVM without
 * compressed oops measures DenseHll as 56 bytes and switches a merged sketch at 521 entries; both
 * representations decode to the same buckets there.
 */
final class SparseToDenseRule {

    private static final int SPARSE_INSTANCE_SIZE = 24;
    private static final int DENSE_INSTANCE_SIZE = 40;
    private static final int ARRAY_HEADER_SIZE = 16;

    /** Entries a new sparse sketch has room for. */
    static final int INITIAL_CAPACITY = 1;

    /** How many entries add() grows a full sparse sketch by. */
    static final int CAPACITY_INCREMENT = 10;

    private SparseToDenseRule() {}

    static boolean shouldBeDense(int indexBitLength, int entryCapacity) {
        long sparseSize =
                SPARSE_INSTANCE_SIZE + ARRAY_HEADER_SIZE + (long) Integer.BYTES * entryCapacity;
        long denseSize = DENSE_INSTANCE_SIZE + ARRAY_HEADER_SIZE + (1 << indexBitLength) / 2;
        return sparseSize > denseSize;
    }
}
