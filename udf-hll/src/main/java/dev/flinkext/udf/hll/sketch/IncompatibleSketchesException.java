package dev.flinkext.udf.hll.sketch;

/**
 * Two sketches with different numbers of buckets. Airlift merges two such sparse sketches without
 * complaint and produces a sketch whose estimate is meaningless; we refuse instead.
 */
public class IncompatibleSketchesException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    IncompatibleSketchesException(int indexBitLength, int otherIndexBitLength) {
        super(
                String.format(
                        "Cannot merge HyperLogLog sketches with different numbers of buckets: %d vs"
                                + " %d (index bit lengths %d vs %d). Build every sketch of one"
                                + " column with the same max standard error.",
                        1 << indexBitLength,
                        1 << otherIndexBitLength,
                        indexBitLength,
                        otherIndexBitLength));
    }
}
