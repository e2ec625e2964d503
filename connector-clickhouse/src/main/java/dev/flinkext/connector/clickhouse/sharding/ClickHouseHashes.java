package dev.flinkext.connector.clickhouse.sharding;

import dev.flinkext.common.hash.Murmur3x64_128;

import java.nio.charset.StandardCharsets;

/**
 * ClickHouse's {@code murmurHash3_64} and {@code intHash64}, bit for bit.
 *
 * <p>{@code murmurHash3_64(x)} is MurmurHash3 x64-128 with seed 0 over the value's bytes, returning
 * {@code h1 ^ h2}. Numbers hash their little-endian fixed-width bytes (Int8/UInt8 one byte,
 * Int16/UInt16/Date two, Int32/UInt32/Float32/DateTime four, Int64/UInt64/Float64 eight); strings
 * hash their UTF-8 bytes. Every result is ClickHouse's UInt64, returned in a {@code long} (read it
 * with {@link Long#toUnsignedString(long)} or {@link Long#remainderUnsigned(long, long)}). The
 * numeric overloads allocate nothing. The MurmurHash3 core is common's {@link Murmur3x64_128}.
 */
public final class ClickHouseHashes {

    /** ClickHouse's {@code IntHash64Impl} XORs the argument with this before {@code intHash64}. */
    private static final long INT_HASH_64_XOR = 0x4CF2D2BAAE6DA887L;

    private ClickHouseHashes() {}

    /** {@code murmurHash3_64} over {@code len} bytes of {@code bytes} from {@code off}. */
    public static long murmurHash3_64(byte[] bytes, int off, int len) {
        return Murmur3x64_128.h1XorH2(bytes, off, len);
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
        return Murmur3x64_128.fmix64(value ^ INT_HASH_64_XOR);
    }

    /** A value of at most 8 bytes, already zero-extended from {@code len} little-endian bytes. */
    private static long murmurOfShort(long k1, int len) {
        return Murmur3x64_128.h1XorH2OfSmall(k1, len);
    }
}
