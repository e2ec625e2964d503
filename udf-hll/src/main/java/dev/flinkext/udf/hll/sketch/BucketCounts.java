package dev.flinkext.udf.hll.sketch;

/** Bucket counts as Presto derives them from {@code approx_set(x, max_standard_error)}. */
public final class BucketCounts {

    /** Presto's default for {@code approx_set(x)}: 4096 buckets. */
    public static final double DEFAULT_MAX_STANDARD_ERROR = 0.01625;

    public static final double LOWEST_MAX_STANDARD_ERROR = 0.0040625;
    public static final double HIGHEST_MAX_STANDARD_ERROR = 0.26;

    private BucketCounts() {}

    /** Presto's {@code standardErrorToBuckets}: the next power of two of 1.0816 / error². */
    public static int forMaxStandardError(double maxStandardError) {
        if (!(maxStandardError >= LOWEST_MAX_STANDARD_ERROR
                && maxStandardError <= HIGHEST_MAX_STANDARD_ERROR)) {
            throw new IllegalArgumentException(
                    String.format(
                            "Max standard error must be in [%s, %s]: %s",
                            LOWEST_MAX_STANDARD_ERROR,
                            HIGHEST_MAX_STANDARD_ERROR,
                            maxStandardError));
        }
        int minimum = (int) Math.ceil(1.0816 / (maxStandardError * maxStandardError));
        return Integer.highestOneBit(minimum - 1) << 1;
    }

    static int indexBitLength(int numberOfBuckets) {
        if (Integer.bitCount(numberOfBuckets) != 1
                || numberOfBuckets < 1 << SketchFormat.MIN_INDEX_BIT_LENGTH
                || numberOfBuckets > 1 << SketchFormat.MAX_INDEX_BIT_LENGTH) {
            throw new IllegalArgumentException(
                    "Number of buckets must be a power of 2 in [16, 65536]: " + numberOfBuckets);
        }
        return Integer.numberOfTrailingZeros(numberOfBuckets);
    }
}
