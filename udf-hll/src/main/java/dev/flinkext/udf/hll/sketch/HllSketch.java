package dev.flinkext.udf.hll.sketch;

/**
 * A HyperLogLog sketch whose bytes are those of Presto/Trino's {@code approx_set} (airlift {@code
 * io.airlift:stats} {@code HyperLogLog}): the same values added, or the same sketches merged, in
 * the same order give the same bytes. Starts sparse and turns dense by airlift's rule ({@link
 * SparseToDenseRule}). Not thread safe.
 */
public final class HllSketch {

    /** Exactly one of the two is set. */
    private SparseHll sparse;

    private DenseHll dense;

    private HllSketch(SparseHll sparse, DenseHll dense) {
        this.sparse = sparse;
        this.dense = dense;
    }

    /** An empty sketch with Presto's default 4096 buckets (max standard error 0.01625). */
    public static HllSketch create() {
        return withBuckets(4096);
    }

    /** An empty sketch as {@code approx_set(x, maxStandardError)} starts it. */
    public static HllSketch withMaxStandardError(double maxStandardError) {
        return withBuckets(BucketCounts.forMaxStandardError(maxStandardError));
    }

    /** An empty sketch with a power-of-two number of buckets in [16, 65536]. */
    public static HllSketch withBuckets(int numberOfBuckets) {
        return new HllSketch(new SparseHll(BucketCounts.indexBitLength(numberOfBuckets)), null);
    }

    /**
     * Reads a sketch serialized by airlift (sparse v2, dense v1 or dense v2) or by {@link
     * #serialize()}.
     *
     * @throws MalformedSketchException naming what is wrong with the bytes
     */
    public static HllSketch deserialize(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedSketchException("no bytes");
        }
        switch (bytes[0]) {
            case SketchFormat.SPARSE_V2:
                return new HllSketch(SparseHll.deserialize(bytes), null);
            case SketchFormat.DENSE_V1:
            case SketchFormat.DENSE_V2:
                return new HllSketch(null, DenseHll.deserialize(bytes));
            case SketchFormat.SPARSE_V1:
                throw new MalformedSketchException(
                        "format tag 0 (sparse v1) is no longer supported, as in airlift");
            default:
                throw new MalformedSketchException(
                        String.format(
                                "unknown format tag %d (expected 2 = sparse v2 or 3 = dense v2)",
                                bytes[0]));
        }
    }

    /**
     * Reads a sketch as {@link #deserialize(byte[])}, then restores the entry capacity airlift's
     * sparse sketch had when it was serialized ({@link #sparseCapacity()}), so a sketch kept in
     * Flink state turns dense at the same add() as airlift's in-memory one. Ignored for dense.
     */
    public static HllSketch deserialize(byte[] bytes, int sparseCapacity) {
        HllSketch sketch = deserialize(bytes);
        if (sketch.sparse != null) {
            sketch.sparse.restoreAirliftCapacity(sparseCapacity);
        }
        return sketch;
    }

    /** The capacity airlift's sparse entry array would have now; 0 once dense. */
    public int sparseCapacity() {
        return sparse != null ? sparse.airliftCapacity() : 0;
    }

    public void addBigint(long value) {
        addHash(PrestoValueHash.ofBigint(value));
    }

    public void addDouble(double value) {
        addHash(PrestoValueHash.ofDouble(value));
    }

    public void addVarchar(String value) {
        addHash(PrestoValueHash.ofVarchar(value));
    }

    public void addBytes(byte[] value) {
        addHash(PrestoValueHash.ofBytes(value));
    }

    public void addBytes(byte[] value, int offset, int length) {
        addHash(PrestoValueHash.ofBytes(value, offset, length));
    }

    /** Adds a value already hashed as Presto does ({@link PrestoValueHash}). */
    public void addHash(long hash) {
        if (sparse != null) {
            sparse.insertHash(hash);
            turnDenseIfAirliftWould();
        } else {
            dense.insertHash(hash);
        }
    }

    /**
     * Merges {@code other} into this sketch (bucket-wise maximum), taking the same path as
     * airlift's {@code HyperLogLog.mergeWith}, so the representation switches at the same point;
     * {@code other} is unchanged.
     *
     * @throws IncompatibleSketchesException if the numbers of buckets differ
     */
    public void mergeWith(HllSketch other) {
        if (other.indexBitLength() != indexBitLength()) {
            throw new IncompatibleSketchesException(indexBitLength(), other.indexBitLength());
        }
        if (sparse != null && other.sparse != null) {
            sparse.mergeWith(other.sparse);
            turnDenseIfAirliftWould();
        } else if (dense != null && other.sparse != null) {
            other.sparse.insertInto(dense);
        } else {
            DenseHll merged = dense != null ? dense : sparse.toDense();
            merged.mergeWith(other.dense != null ? other.dense : other.sparse.toDense());
            dense = merged;
            sparse = null;
        }
    }

    public long cardinality() {
        return sparse != null ? sparse.cardinality() : dense.cardinality();
    }

    public byte[] serialize() {
        return sparse != null ? sparse.serialize() : dense.serialize();
    }

    public int numberOfBuckets() {
        return 1 << indexBitLength();
    }

    public boolean isSparse() {
        return sparse != null;
    }

    /** An independent copy (for accumulators that must not share state). */
    public HllSketch copy() {
        return new HllSketch(
                sparse != null ? sparse.copy() : null, dense != null ? dense.copy() : null);
    }

    private int indexBitLength() {
        return sparse != null ? sparse.indexBitLength() : dense.indexBitLength();
    }

    private void turnDenseIfAirliftWould() {
        if (sparse.shouldBeDense()) {
            dense = sparse.toDense();
            sparse = null;
        }
    }
}
