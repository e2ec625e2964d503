package dev.flinkext.connector.clickhouse.sharding;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * ClickHouse's {@code murmurHash3_64} and {@code intHash64}, bit for bit.
 *
 * <p>{@code murmurHash3_64(x)} is MurmurHash3 x64-128 with seed 0 over the value's bytes, returning
 * {@code h1 ^ h2}. Numbers hash their little-endian fixed-width bytes (Int8/UInt8 one byte,
 * Int16/UInt16/Date two, Int32/UInt32/Float32/DateTime four, Int64/UInt64/Float64 eight); strings
 * hash their UTF-8 bytes. Every result is ClickHouse's UInt64, returned in a {@code long} (read it
 * with {@link Long#toUnsignedString(long)} or {@link Long#remainderUnsigned(long, long)}). The
 * numeric overloads allocate nothing.
 */
public final class ClickHouseHashes {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    /** ClickHouse's {@code IntHash64Impl} XORs the argument with this before {@code intHash64}. */
    private static final long INT_HASH_64_XOR = 0x4CF2D2BAAE6DA887L;

    private ClickHouseHashes() {}

    /** {@code murmurHash3_64} over {@code len} bytes of {@code bytes} from {@code off}. */
    public static long murmurHash3_64(byte[] bytes, int off, int len) {
        Objects.checkFromIndexSize(off, len, bytes.length);
        long h1 = 0;
        long h2 = 0;
        int blocks = len >>> 4;
        int p = off;
        for (int i = 0; i < blocks; i++, p += 16) {
            long k1 = getLongLE(bytes, p);
            long k2 = getLongLE(bytes, p + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int rest = len & 15;
        if (rest > 8) {
            h2 ^= mixK2(getPartialLE(bytes, p + 8, rest - 8));
        }
        if (rest > 0) {
            h1 ^= mixK1(getPartialLE(bytes, p, Math.min(rest, 8)));
        }
        return finish(h1, h2, len);
    }

    /** {@code murmurHash3_64} of all of {@code bytes}. */
    public static long murmurHash3_64(byte[] bytes) {
        return murmurHash3_64(bytes, 0, bytes.length);
    }

    /** {@code murmurHash3_64} of a String: its UTF-8 bytes. */
    public static long murmurHash3_64(String value) {
        return murmurHash3_64(value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code murmurHash3_64} of an Int64 or UInt64 (8 bytes). */
    public static long murmurHash3_64(long value) {
        return murmurOfShort(value, 8);
    }

    /** {@code murmurHash3_64} of an Int32, UInt32 or DateTime (4 bytes). */
    public static long murmurHash3_64(int value) {
        return murmurOfShort(value & 0xFFFFFFFFL, 4);
    }

    /** {@code murmurHash3_64} of an Int16, UInt16 or Date (2 bytes). */
    public static long murmurHash3_64(short value) {
        return murmurOfShort(value & 0xFFFFL, 2);
    }

    /** {@code murmurHash3_64} of an Int8 or UInt8 (1 byte). */
    public static long murmurHash3_64(byte value) {
        return murmurOfShort(value & 0xFFL, 1);
    }

    /**
     * {@code murmurHash3_64} of a Float64: the 8 bytes of the double as stored ({@link
     * Double#doubleToRawLongBits}, so {@code -0.0} and NaN payloads hash as their bits).
     */
    public static long murmurHash3_64(double value) {
        return murmurHash3_64(Double.doubleToRawLongBits(value));
    }

    /** {@code murmurHash3_64} of a Float32: the 4 bytes of the float as stored. */
    public static long murmurHash3_64(float value) {
        return murmurHash3_64(Float.floatToRawIntBits(value));
    }

    /**
     * ClickHouse's {@code intHash64(x)} for an integer argument read as UInt64: {@code fmix64(x ^
     * 0x4CF2D2BAAE6DA887)}.
     */
    public static long intHash64(long value) {
        return fmix64(value ^ INT_HASH_64_XOR);
    }

    /** A value of at most 8 bytes, already zero-extended from {@code len} little-endian bytes. */
    private static long murmurOfShort(long k1, int len) {
        return finish(mixK1(k1), 0, len);
    }

    private static long finish(long h1, long h2, int len) {
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        return h1 ^ h2;
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

    private static long getLongLE(byte[] b, int p) {
        return (b[p] & 0xFFL)
                | (b[p + 1] & 0xFFL) << 8
                | (b[p + 2] & 0xFFL) << 16
                | (b[p + 3] & 0xFFL) << 24
                | (b[p + 4] & 0xFFL) << 32
                | (b[p + 5] & 0xFFL) << 40
                | (b[p + 6] & 0xFFL) << 48
                | (b[p + 7] & 0xFFL) << 56;
    }

    private static long getPartialLE(byte[] b, int p, int n) {
        long k = 0;
        for (int i = n - 1; i >= 0; i--) {
            k = k << 8 | (b[p + i] & 0xFFL);
        }
        return k;
    }
}
