package dev.flinkext.udf.hll.sketch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3 x64-128 with seed 0, reduced to its first 64 bits (h1 after finalisation), the hash
 * airlift's {@code Murmur3Hash128.hash64} gives and Presto's {@code approx_set} feeds the sketch.
 */
public final class Murmur3Hash64 {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Murmur3Hash64() {}

    /** The hash of {@code value}'s 8 little-endian bytes, without materialising them. */
    public static long hash(long value) {
        // One 8-byte tail block: k1 = value, h2 stays 0 until the length is mixed in.
        long h1 = mixK1(value) ^ Long.BYTES;
        long h2 = Long.BYTES;
        h1 += h2;
        h2 += h1;
        return fmix64(h1) + fmix64(h2);
    }

    public static long hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    public static long hash(byte[] data, int offset, int length) {
        long h1 = 0;
        long h2 = 0;
        int current = offset;
        int blocksEnd = offset + (length & ~15);
        while (current < blocksEnd) {
            long k1 = (long) LONG_LE.get(data, current);
            long k2 = (long) LONG_LE.get(data, current + 8);
            current += 16;

            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729L;

            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5L;
        }

        int tail = length & 15;
        if (tail > 8) {
            h2 ^= mixK2(littleEndianTail(data, current + 8, tail - 8));
        }
        if (tail > 0) {
            h1 ^= mixK1(littleEndianTail(data, current, Math.min(tail, 8)));
        }

        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        return h1 + h2;
    }

    /** Up to 8 bytes as a little-endian long, the missing high bytes zero. */
    private static long littleEndianTail(byte[] data, int offset, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = (value << 8) | (data[offset + i] & 0xFFL);
        }
        return value;
    }

    private static long mixK1(long k1) {
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        return k1 * C2;
    }

    private static long mixK2(long k2) {
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        return k2 * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
