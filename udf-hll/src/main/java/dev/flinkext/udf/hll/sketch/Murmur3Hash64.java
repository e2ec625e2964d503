package dev.flinkext.udf.hll.sketch;

import dev.flinkext.common.hash.Murmur3x64_128;

/**
 * MurmurHash3 x64-128 with seed 0, reduced to its first 64 bits (h1 after finalisation), the hash
 * airlift's {@code Murmur3Hash128.hash64} gives and Presto's {@code approx_set} feeds the sketch.
 * The core is common's {@link Murmur3x64_128}.
 */
public final class Murmur3Hash64 {

    private Murmur3Hash64() {}

    /** The hash of {@code value}'s 8 little-endian bytes, without materialising them. */
    public static long hash(long value) {
        return Murmur3x64_128.h1OfSmall(value, Long.BYTES);
    }

    public static long hash(byte[] data) {
        return Murmur3x64_128.h1(data, 0, data.length);
    }

    public static long hash(byte[] data, int offset, int length) {
        return Murmur3x64_128.h1(data, offset, length);
    }
}
