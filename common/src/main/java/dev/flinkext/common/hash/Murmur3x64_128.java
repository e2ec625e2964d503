package dev.flinkext.common.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * MurmurHash3 x64-128 with seed 0 (Austin Appleby's {@code MurmurHash3_x64_128}), reduced to 64
 * bits in the two ways other systems use it, without allocating:
 *
 * <ul>
 *   <li>{@link #h1(byte[], int, int)}: the first 64 bits of the 128-bit result ({@code h1} after
 *       finalisation), as airlift's {@code Murmur3Hash128.hash64} gives it to Presto/Trino's {@code
 *       approx_set};
 *   <li>{@link #h1XorH2(byte[], int, int)}: {@code h1 ^ h2}, ClickHouse's {@code murmurHash3_64}.
 * </ul>
 *
 * <p>The {@code OfSmall} variants hash a value of 1 to 8 bytes given as a little-endian long
 * (zero-extended from its length), the same as hashing those bytes, without materialising them.
 */
public final class Murmur3x64_128 {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Murmur3x64_128() {}

    /** The first 64 bits ({@code h1}) of the hash of {@code length} bytes from {@code offset}. */
    public static long h1(byte[] data, int offset, int length) {
        return hash(data, offset, length, false);
    }

    /** {@code h1 ^ h2} of the hash of {@code length} bytes from {@code offset}. */
    public static long h1XorH2(byte[] data, int offset, int length) {
        return hash(data, offset, length, true);
    }

    /**
     * The first 64 bits ({@code h1}) of the hash of a value of {@code length} (1 to 8) bytes given
     * as a little-endian long whose bytes above {@code length} are zero.
     */
    public static long h1OfSmall(long littleEndianValue, int length) {
        return small(littleEndianValue, length, false);
    }

    /**
     * {@code h1 ^ h2} of the hash of a value of {@code length} (1 to 8) bytes given as a
     * little-endian long whose bytes above {@code length} are zero.
     */
    public static long h1XorH2OfSmall(long littleEndianValue, int length) {
        return small(littleEndianValue, length, true);
    }

    /** MurmurHash3's 64-bit finaliser. */
    public static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long small(long k1, int length, boolean xor) {
        if (length < 1 || length > 8) {
            throw new IllegalArgumentException("a small value has 1 to 8 bytes, not " + length);
        }
        // One tail block of at most 8 bytes: only h1 takes it, h2 stays 0 until the length.
        return finish(mixK1(k1), 0, length, xor);
    }

    private static long hash(byte[] data, int offset, int length, boolean xor) {
        Objects.checkFromIndexSize(offset, length, data.length);
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
        return finish(h1, h2, length, xor);
    }

    private static long finish(long h1, long h2, int length, boolean xor) {
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        if (!xor) {
            return h1;
        }
        h2 += h1;
        return h1 ^ h2;
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
}
