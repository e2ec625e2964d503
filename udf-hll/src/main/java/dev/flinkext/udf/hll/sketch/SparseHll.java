package dev.flinkext.udf.hll.sketch;

import java.util.Arrays;

/**
 * Airlift's sparse representation: one int per non-empty "extended" bucket, sorted by bucket. The
 * bucket is the hash's first 26 bits (so more precise than the dense index while few values are
 * seen); the low 6 bits hold the number of leading zeros of the rest of the hash.
 */
final class SparseHll {

    static final int EXTENDED_PREFIX_BITS = 26;
    private static final int VALUE_BITS = 6;
    private static final int VALUE_MASK = (1 << VALUE_BITS) - 1;
    private static final int HEADER_SIZE = 4;

    private final int indexBitLength;
    private int[] entries;
    private int size;

    /** The capacity airlift's entry array would have now: it decides when we turn dense. */
    private int airliftCapacity;

    SparseHll(int indexBitLength) {
        this(indexBitLength, new int[4], 0, SparseToDenseRule.INITIAL_CAPACITY);
    }

    private SparseHll(int indexBitLength, int[] entries, int size, int airliftCapacity) {
        this.indexBitLength = indexBitLength;
        this.entries = entries;
        this.size = size;
        this.airliftCapacity = airliftCapacity;
    }

    int indexBitLength() {
        return indexBitLength;
    }

    int airliftCapacity() {
        return airliftCapacity;
    }

    /** A capacity below the size cannot come from airlift; keep the read size then. */
    void restoreAirliftCapacity(int capacity) {
        airliftCapacity = Math.max(capacity, size);
    }

    int size() {
        return size;
    }

    boolean shouldBeDense() {
        return SparseToDenseRule.shouldBeDense(indexBitLength, airliftCapacity);
    }

    void insertHash(long hash) {
        int bucket = (int) (hash >>> (Long.SIZE - EXTENDED_PREFIX_BITS));
        int value =
                Long.numberOfLeadingZeros(
                        hash << EXTENDED_PREFIX_BITS | 1L << (EXTENDED_PREFIX_BITS - 1));
        int position = search(bucket);
        if (position >= 0) {
            if ((entries[position] & VALUE_MASK) < value) {
                entries[position] = encode(bucket, value);
            }
            return;
        }
        if (size + 1 > airliftCapacity) {
            airliftCapacity += SparseToDenseRule.CAPACITY_INCREMENT;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
        int insertionPoint = -(position + 1);
        System.arraycopy(
                entries, insertionPoint, entries, insertionPoint + 1, size - insertionPoint);
        entries[insertionPoint] = encode(bucket, value);
        size++;
    }

    /** Merges {@code other}'s entries into this one (max value per bucket); other is unchanged. */
    void mergeWith(SparseHll other) {
        int[] merged = new int[size + other.size];
        int left = 0;
        int right = 0;
        int count = 0;
        while (left < size && right < other.size) {
            int leftBucket = entries[left] >>> VALUE_BITS;
            int rightBucket = other.entries[right] >>> VALUE_BITS;
            if (leftBucket < rightBucket) {
                merged[count++] = entries[left++];
            } else if (leftBucket > rightBucket) {
                merged[count++] = other.entries[right++];
            } else {
                int value = Math.max(entries[left] & VALUE_MASK, other.entries[right] & VALUE_MASK);
                merged[count++] = encode(leftBucket, value);
                left++;
                right++;
            }
        }
        while (left < size) {
            merged[count++] = entries[left++];
        }
        while (right < other.size) {
            merged[count++] = other.entries[right++];
        }
        entries = merged;
        size = count;
        // airlift keeps exactly the merged entries, so the capacity is the size
        airliftCapacity = count;
    }

    DenseHll toDense() {
        DenseHll dense = new DenseHll(indexBitLength);
        insertInto(dense);
        return dense;
    }

    /** Inserts every entry into a dense sketch at its dense bucket, with its dense value. */
    void insertInto(DenseHll dense) {
        int bitsAfterIndex = EXTENDED_PREFIX_BITS - indexBitLength;
        for (int i = 0; i < size; i++) {
            int entry = entries[i];
            int bucket = entry >>> (Integer.SIZE - indexBitLength);
            // leading zeros between the dense index and the 26-bit prefix, then the stored count
            int zeros = Integer.numberOfLeadingZeros(entry << indexBitLength);
            if (zeros >= bitsAfterIndex) {
                zeros = bitsAfterIndex + (entry & VALUE_MASK);
            }
            dense.insert(bucket, zeros + 1);
        }
    }

    /** Linear counting over the 2^26 extended buckets. */
    long cardinality() {
        int totalBuckets = 1 << EXTENDED_PREFIX_BITS;
        int zeroBuckets = totalBuckets - size;
        return Math.round(totalBuckets * Math.log(totalBuckets * 1.0 / zeroBuckets));
    }

    SparseHll copy() {
        return new SparseHll(indexBitLength, entries.clone(), size, airliftCapacity);
    }

    byte[] serialize() {
        byte[] bytes = new byte[HEADER_SIZE + Integer.BYTES * size];
        bytes[0] = SketchFormat.SPARSE_V2;
        bytes[1] = (byte) indexBitLength;
        SketchFormat.writeShort(bytes, 2, size);
        for (int i = 0; i < size; i++) {
            SketchFormat.writeInt(bytes, HEADER_SIZE + i * Integer.BYTES, entries[i]);
        }
        return bytes;
    }

    static SparseHll deserialize(byte[] bytes) {
        if (bytes.length < HEADER_SIZE) {
            throw new MalformedSketchException(
                    "sparse v2 sketch needs a 4-byte header, got " + bytes.length + " bytes");
        }
        int indexBitLength = bytes[1];
        SketchFormat.checkIndexBitLength(indexBitLength);
        int size = SketchFormat.readUnsignedShort(bytes, 2);
        int expectedLength = HEADER_SIZE + Integer.BYTES * size;
        if (bytes.length != expectedLength) {
            throw new MalformedSketchException(
                    String.format(
                            "sparse v2 sketch with %d entries must be %d bytes long, got %d",
                            size, expectedLength, bytes.length));
        }
        int[] entries = new int[Math.max(size, 1)];
        int previousBucket = -1;
        for (int i = 0; i < size; i++) {
            int entry = SketchFormat.readInt(bytes, HEADER_SIZE + i * Integer.BYTES);
            int bucket = entry >>> VALUE_BITS;
            if (bucket <= previousBucket) {
                throw new MalformedSketchException(
                        String.format(
                                "sparse entries must be sorted by bucket without duplicates, but"
                                        + " entry %d (bucket %d) follows bucket %d",
                                i, bucket, previousBucket));
            }
            previousBucket = bucket;
            entries[i] = entry;
        }
        // airlift reads the entries into an array of exactly that size
        return new SparseHll(indexBitLength, entries, size, size);
    }

    /** The entry's position, or -(insertion point + 1). */
    private int search(int bucket) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int middleBucket = entries[middle] >>> VALUE_BITS;
            if (bucket > middleBucket) {
                low = middle + 1;
            } else if (bucket < middleBucket) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }

    private static int encode(int bucket, int value) {
        return bucket << VALUE_BITS | value;
    }
}
