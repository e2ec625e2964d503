package dev.flinkext.udf.hll.sketch;

import java.util.Arrays;

/**
 * Airlift's dense representation: every bucket's value as a 4-bit delta over a shared baseline (two
 * buckets per byte, the even bucket in the high nibble), and the rare deltas above 15 as (bucket,
 * excess) overflow entries, kept sorted by bucket (the order airlift writes them in). The baseline
 * rises whenever no bucket sits at it any more, so the state, and thus the bytes, is the one
 * airlift reaches after the same operations.
 */
final class DenseHll {

    private static final int MAX_DELTA = 15;
    private static final int HEADER_SIZE = 3;
    private static final double LINEAR_COUNTING_MIN_EMPTY_BUCKETS = 0.4;

    private final int indexBitLength;
    private final int numberOfBuckets;
    private int baseline;

    /** Buckets whose delta is 0. */
    private int baselineCount;

    private final byte[] deltas;
    private int overflows;
    private int[] overflowBuckets;
    private byte[] overflowValues;

    DenseHll(int indexBitLength) {
        this.indexBitLength = indexBitLength;
        this.numberOfBuckets = 1 << indexBitLength;
        this.baselineCount = numberOfBuckets;
        this.deltas = new byte[numberOfBuckets / 2];
        this.overflowBuckets = new int[0];
        this.overflowValues = new byte[0];
    }

    private DenseHll(DenseHll source) {
        this.indexBitLength = source.indexBitLength;
        this.numberOfBuckets = source.numberOfBuckets;
        this.baseline = source.baseline;
        this.baselineCount = source.baselineCount;
        this.deltas = source.deltas.clone();
        this.overflows = source.overflows;
        this.overflowBuckets = source.overflowBuckets.clone();
        this.overflowValues = source.overflowValues.clone();
    }

    int indexBitLength() {
        return indexBitLength;
    }

    DenseHll copy() {
        return new DenseHll(this);
    }

    void insertHash(long hash) {
        int bucket = (int) (hash >>> (Long.SIZE - indexBitLength));
        int value =
                Long.numberOfLeadingZeros(hash << indexBitLength | 1L << (indexBitLength - 1)) + 1;
        insert(bucket, value);
    }

    /** Raises the bucket to {@code value} if that is higher. */
    void insert(int bucket, int value) {
        int delta = value - baseline;
        int oldDelta = delta(bucket);
        if (delta <= oldDelta
                || (oldDelta == MAX_DELTA && delta <= oldDelta + overflowOf(bucket))) {
            return;
        }
        if (delta > MAX_DELTA) {
            setOverflow(bucket, delta - MAX_DELTA);
            delta = MAX_DELTA;
        }
        setDelta(bucket, delta);
        if (oldDelta == 0) {
            baselineCount--;
            raiseBaselineWhileNoBucketAtIt();
        }
    }

    /** Bucket-wise maximum with {@code other}, which stays unchanged. */
    void mergeWith(DenseHll other) {
        if (other.indexBitLength != indexBitLength) {
            throw new IncompatibleSketchesException(indexBitLength, other.indexBitLength);
        }
        if (other == this) {
            other = copy(); // the merge rewrites this sketch's overflow entries while reading them
        }
        if (isEmpty() && other.baselineCount > 0) {
            // Airlift would take the other's baseline and every one of its deltas: copy them.
            // (baselineCount 0, possible only in crafted bytes, makes airlift raise the baseline.)
            copyStateOf(other);
        } else if (overflows == 0 && other.overflows == 0) {
            mergeWithoutOverflows(other);
        } else {
            mergeBucketByBucket(other);
        }
    }

    private boolean isEmpty() {
        return baseline == 0 && baselineCount == numberOfBuckets;
    }

    private void copyStateOf(DenseHll other) {
        baseline = other.baseline;
        baselineCount = other.baselineCount;
        System.arraycopy(other.deltas, 0, deltas, 0, deltas.length);
        overflows = other.overflows;
        overflowBuckets = Arrays.copyOf(other.overflowBuckets, other.overflows);
        overflowValues = Arrays.copyOf(other.overflowValues, other.overflows);
    }

    /**
     * Airlift's merge: start from the higher baseline, take the higher value of each bucket, then
     * raise the baseline while no bucket sits at it. Without overflow entries every delta fits a
     * nibble, so whole bytes are merged at once.
     */
    private void mergeWithoutOverflows(DenseHll other) {
        int newBaseline = Math.max(baseline, other.baseline);
        int ownShift = baseline - newBaseline;
        int otherShift = other.baseline - newBaseline;
        int zeroDeltas = 0;
        for (int i = 0; i < deltas.length; i++) {
            int own = deltas[i] & 0xFF;
            int theirs = other.deltas[i] & 0xFF;
            int high = Math.max((own >>> 4) + ownShift, (theirs >>> 4) + otherShift);
            int low = Math.max((own & MAX_DELTA) + ownShift, (theirs & MAX_DELTA) + otherShift);
            zeroDeltas += (high == 0 ? 1 : 0) + (low == 0 ? 1 : 0);
            deltas[i] = (byte) (high << 4 | low);
        }
        baseline = newBaseline;
        baselineCount = zeroDeltas;
        raiseBaselineWhileNoBucketAtIt();
    }

    /** The same merge with overflow entries: both (sorted) overflow lists are walked alongside. */
    private void mergeBucketByBucket(DenseHll other) {
        int[] ownOverflowBuckets = Arrays.copyOf(overflowBuckets, overflows);
        byte[] ownOverflowValues = Arrays.copyOf(overflowValues, overflows);
        int ownOverflows = overflows;
        overflows = 0;
        int newBaseline = Math.max(baseline, other.baseline);
        int ownShift = baseline - newBaseline;
        int otherShift = other.baseline - newBaseline;
        int ownNext = ownOverflows > 0 ? ownOverflowBuckets[0] : -1;
        int otherNext = other.overflows > 0 ? other.overflowBuckets[0] : -1;
        int ownCursor = 0;
        int otherCursor = 0;
        int zeroDeltas = 0;
        for (int i = 0; i < deltas.length; i++) {
            int own = deltas[i] & 0xFF;
            int theirs = other.deltas[i] & 0xFF;
            int merged = 0;
            for (int half = 0; half < 2; half++) {
                int bucket = 2 * i + half;
                int shift = half == 0 ? 4 : 0;
                int ownDelta = ((own >>> shift) & MAX_DELTA) + ownShift;
                if (bucket == ownNext) {
                    ownDelta += ownOverflowValues[ownCursor++];
                    ownNext = ownCursor < ownOverflows ? ownOverflowBuckets[ownCursor] : -1;
                }
                int otherDelta = ((theirs >>> shift) & MAX_DELTA) + otherShift;
                if (bucket == otherNext) {
                    otherDelta += other.overflowValues[otherCursor++];
                    otherNext =
                            otherCursor < other.overflows ? other.overflowBuckets[otherCursor] : -1;
                }
                int delta = Math.max(ownDelta, otherDelta);
                if (delta == 0) {
                    zeroDeltas++;
                } else if (delta > MAX_DELTA) {
                    appendOverflow(bucket, delta - MAX_DELTA); // buckets ascend: stays sorted
                    delta = MAX_DELTA;
                }
                merged = merged << 4 | delta;
            }
            deltas[i] = (byte) merged;
        }
        baseline = newBaseline;
        baselineCount = zeroDeltas;
        raiseBaselineWhileNoBucketAtIt();
    }

    long cardinality() {
        if (baseline == 0 && baselineCount > LINEAR_COUNTING_MIN_EMPTY_BUCKETS * numberOfBuckets) {
            return Math.round(numberOfBuckets * Math.log(numberOfBuckets * 1.0 / baselineCount));
        }
        // summed in bucket order, as airlift does, so the rounding is the same
        double sum = 0;
        for (int bucket = 0; bucket < numberOfBuckets; bucket++) {
            sum += 1.0 / (1L << value(bucket));
        }
        double estimate = (alpha() * numberOfBuckets * numberOfBuckets) / sum;
        return Math.round(BiasCorrection.correct(indexBitLength, estimate));
    }

    byte[] serialize() {
        byte[] bytes = new byte[HEADER_SIZE + deltas.length + 2 + 3 * overflows];
        bytes[0] = SketchFormat.DENSE_V2;
        bytes[1] = (byte) indexBitLength;
        bytes[2] = (byte) baseline;
        System.arraycopy(deltas, 0, bytes, HEADER_SIZE, deltas.length);
        int offset = HEADER_SIZE + deltas.length;
        SketchFormat.writeShort(bytes, offset, overflows);
        offset += 2;
        for (int i = 0; i < overflows; i++) {
            SketchFormat.writeShort(bytes, offset + 2 * i, overflowBuckets[i]);
            bytes[offset + 2 * overflows + i] = overflowValues[i];
        }
        return bytes;
    }

    /** Reads dense v2, or the legacy dense v1 (at most one overflow entry) airlift still reads. */
    static DenseHll deserialize(byte[] bytes) {
        byte tag = bytes[0];
        if (bytes.length < 2) {
            throw new MalformedSketchException(
                    "dense sketch too short: " + bytes.length + " bytes");
        }
        int indexBitLength = bytes[1];
        SketchFormat.checkIndexBitLength(indexBitLength);
        DenseHll dense = new DenseHll(indexBitLength);
        int deltasEnd = HEADER_SIZE + dense.deltas.length;
        int minimumLength = deltasEnd + (tag == SketchFormat.DENSE_V1 ? 3 : 2);
        if (bytes.length < minimumLength) {
            throw new MalformedSketchException(
                    String.format(
                            "dense v%d sketch with %d buckets needs at least %d bytes, got %d",
                            tag == SketchFormat.DENSE_V1 ? 1 : 2,
                            dense.numberOfBuckets,
                            minimumLength,
                            bytes.length));
        }
        dense.baseline = bytes[2];
        if (dense.baseline < 0) {
            throw new MalformedSketchException("negative baseline " + dense.baseline);
        }
        System.arraycopy(bytes, HEADER_SIZE, dense.deltas, 0, dense.deltas.length);
        if (tag == SketchFormat.DENSE_V1) {
            dense.readV1Overflow(bytes, deltasEnd);
        } else {
            dense.readV2Overflows(bytes, deltasEnd);
        }
        dense.baselineCount = 0;
        for (int bucket = 0; bucket < dense.numberOfBuckets; bucket++) {
            if (dense.delta(bucket) == 0) {
                dense.baselineCount++;
            }
        }
        return dense;
    }

    private void readV1Overflow(byte[] bytes, int offset) {
        if (bytes.length != offset + 3) {
            throw new MalformedSketchException(
                    String.format(
                            "dense v1 sketch with %d buckets must be %d bytes long, got %d",
                            numberOfBuckets, offset + 3, bytes.length));
        }
        // one optional overflow: a signed short bucket and a value, negative/zero meaning none
        short bucket = (short) SketchFormat.readUnsignedShort(bytes, offset);
        byte value = bytes[offset + 2];
        if (bucket >= 0 && value > 0) {
            checkOverflowEntry(bucket, value);
            insertOverflow(0, bucket, value);
        }
    }

    private void readV2Overflows(byte[] bytes, int offset) {
        int count = SketchFormat.readUnsignedShort(bytes, offset);
        int expectedLength = offset + 2 + 3 * count;
        if (bytes.length != expectedLength) {
            throw new MalformedSketchException(
                    String.format(
                            "dense v2 sketch with %d buckets and %d overflow entries must be %d"
                                    + " bytes long, got %d",
                            numberOfBuckets, count, expectedLength, bytes.length));
        }
        int bucketsAt = offset + 2;
        int valuesAt = bucketsAt + 2 * count;
        for (int i = 0; i < count; i++) {
            int bucket = SketchFormat.readUnsignedShort(bytes, bucketsAt + 2 * i);
            byte value = bytes[valuesAt + i];
            checkOverflowEntry(bucket, value);
            int index = overflowIndex(bucket);
            if (index >= 0) {
                throw new MalformedSketchException("two overflow entries for bucket " + bucket);
            }
            insertOverflow(-(index + 1), bucket, value); // airlift accepts them in any order
        }
    }

    private void checkOverflowEntry(int bucket, int value) {
        if (bucket >= numberOfBuckets) {
            throw new MalformedSketchException(
                    String.format(
                            "overflow bucket %d is out of range (%d buckets)",
                            bucket, numberOfBuckets));
        }
        if (value <= 0) {
            throw new MalformedSketchException(
                    "overflow value for bucket " + bucket + " must be > 0, got " + value);
        }
        if (delta(bucket) != MAX_DELTA) {
            throw new MalformedSketchException(
                    String.format(
                            "overflow entry for bucket %d whose delta is %d, not %d",
                            bucket, delta(bucket), MAX_DELTA));
        }
    }

    private double alpha() {
        switch (indexBitLength) {
            case 4:
                return 0.673;
            case 5:
                return 0.697;
            case 6:
                return 0.709;
            default:
                return 0.7213 / (1 + 1.079 / numberOfBuckets);
        }
    }

    private int value(int bucket) {
        int delta = delta(bucket);
        if (delta == MAX_DELTA) {
            delta += overflowOf(bucket);
        }
        return baseline + delta;
    }

    private int delta(int bucket) {
        return (deltas[bucket >> 1] >> shift(bucket)) & MAX_DELTA;
    }

    private void setDelta(int bucket, int delta) {
        int slot = bucket >> 1;
        int shift = shift(bucket);
        deltas[slot] = (byte) ((deltas[slot] & ~(MAX_DELTA << shift)) | delta << shift);
    }

    /** Even buckets in the high nibble, odd in the low one. */
    private static int shift(int bucket) {
        return ((~bucket) & 1) << 2;
    }

    /**
     * Airlift's baseline adjustment: when no bucket is at the baseline, raise it by one and lower
     * every delta (or overflow) by one, until some bucket sits at the baseline again.
     */
    private void raiseBaselineWhileNoBucketAtIt() {
        while (baselineCount == 0) {
            baseline++;
            for (int bucket = 0; bucket < numberOfBuckets; bucket++) {
                int delta = delta(bucket);
                int overflow = delta == MAX_DELTA ? overflowIndex(bucket) : -1;
                if (overflow >= 0) {
                    overflowValues[overflow]--;
                    if (overflowValues[overflow] == 0) {
                        removeOverflow(overflow);
                    }
                } else {
                    delta--;
                    setDelta(bucket, delta);
                }
                if (delta == 0) {
                    baselineCount++;
                }
            }
        }
    }

    /** The entry's position, or -(insertion point + 1). */
    private int overflowIndex(int bucket) {
        int low = 0;
        int high = overflows - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (overflowBuckets[middle] < bucket) {
                low = middle + 1;
            } else if (overflowBuckets[middle] > bucket) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }

    private int overflowOf(int bucket) {
        int index = overflowIndex(bucket);
        return index < 0 ? 0 : overflowValues[index];
    }

    private void setOverflow(int bucket, int overflow) {
        int index = overflowIndex(bucket);
        if (index >= 0) {
            overflowValues[index] = (byte) overflow;
        } else {
            insertOverflow(-(index + 1), bucket, overflow);
        }
    }

    private void appendOverflow(int bucket, int overflow) {
        insertOverflow(overflows, bucket, overflow);
    }

    private void insertOverflow(int index, int bucket, int overflow) {
        if (overflows == overflowBuckets.length) {
            int capacity = overflows + 5;
            overflowBuckets = Arrays.copyOf(overflowBuckets, capacity);
            overflowValues = Arrays.copyOf(overflowValues, capacity);
        }
        System.arraycopy(overflowBuckets, index, overflowBuckets, index + 1, overflows - index);
        System.arraycopy(overflowValues, index, overflowValues, index + 1, overflows - index);
        overflowBuckets[index] = bucket;
        overflowValues[index] = (byte) overflow;
        overflows++;
    }

    private void removeOverflow(int index) {
        overflows--;
        System.arraycopy(overflowBuckets, index + 1, overflowBuckets, index, overflows - index);
        System.arraycopy(overflowValues, index + 1, overflowValues, index, overflows - index);
    }
}
