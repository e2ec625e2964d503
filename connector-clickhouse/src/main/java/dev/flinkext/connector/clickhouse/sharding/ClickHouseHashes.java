package dev.flinkext.connector.clickhouse.sharding;

import dev.flinkext.common.hash.Murmur3x64_128;

import java.nio.charset.StandardCharsets;

/**
 * ClickHouse's {@code murmurHash3_64}, {@code intHash64} and {@code cityHash64}, bit for bit.
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

    // ---- cityHash64: CityHash v1.0.2 (ClickHouse's contrib/cityhash102), checked on 18.16 ----

    private static final long K0 = 0xc3a5c85c97cb3127L;
    private static final long K1 = 0xb492b66fbe98f273L;
    private static final long K2 = 0x9ae16a3b2f90404fL;
    private static final long K3 = 0xc949d7c7509e6557L;
    private static final long K_MUL = 0x9ddfea08eb382d69L;

    /**
     * ClickHouse's {@code cityHash64} of a String or FixedString: CityHash64 of CityHash v1.0.2
     * (the version ClickHouse bundles; later CityHash versions give other results) over the bytes.
     * Allocates nothing.
     */
    public static long cityHash64(byte[] s, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, s.length);
        if (len <= 32) {
            return len <= 16 ? cityLen0to16(s, off, len) : cityLen17to32(s, off, len);
        } else if (len <= 64) {
            return cityLen33to64(s, off, len);
        }
        long x = fetch64(s, off);
        long y = fetch64(s, off + len - 16) ^ K1;
        long z = fetch64(s, off + len - 56) ^ K0;
        // v = WeakHashLen32WithSeeds(s + len - 64, len, y); w = (s + len - 32, len * k1, k0)
        int p = off + len - 64;
        long a = len + fetch64(s, p);
        long b = rotate(y + a + fetch64(s, p + 24), 21);
        long c = a;
        a += fetch64(s, p + 8) + fetch64(s, p + 16);
        long v0 = a + fetch64(s, p + 24);
        long v1 = b + rotate(a, 44) + c;
        p = off + len - 32;
        a = len * K1 + fetch64(s, p);
        b = rotate(K0 + a + fetch64(s, p + 24), 21);
        c = a;
        a += fetch64(s, p + 8) + fetch64(s, p + 16);
        long w0 = a + fetch64(s, p + 24);
        long w1 = b + rotate(a, 44) + c;
        z += shiftMix(v1) * K1;
        x = rotate(z + x, 39) * K1;
        y = rotate(y, 33) * K1;

        int remaining = (len - 1) & ~63;
        p = off;
        do {
            x = rotate(x + y + v0 + fetch64(s, p + 16), 37) * K1;
            y = rotate(y + v1 + fetch64(s, p + 48), 42) * K1;
            x ^= w1;
            y ^= v0;
            z = rotate(z ^ w0, 33);
            // v = WeakHashLen32WithSeeds(s, v1 * k1, x + w0)
            a = v1 * K1 + fetch64(s, p);
            b = rotate(x + w0 + a + fetch64(s, p + 24), 21);
            c = a;
            a += fetch64(s, p + 8) + fetch64(s, p + 16);
            v0 = a + fetch64(s, p + 24);
            v1 = b + rotate(a, 44) + c;
            // w = WeakHashLen32WithSeeds(s + 32, z + w1, y)
            a = z + w1 + fetch64(s, p + 32);
            b = rotate(y + a + fetch64(s, p + 56), 21);
            c = a;
            a += fetch64(s, p + 40) + fetch64(s, p + 48);
            w0 = a + fetch64(s, p + 56);
            w1 = b + rotate(a, 44) + c;
            long t = z;
            z = x;
            x = t;
            p += 64;
            remaining -= 64;
        } while (remaining != 0);
        return hashLen16(hashLen16(v0, w0) + shiftMix(y) * K1 + z, hashLen16(v1, w1) + x);
    }

    /** {@code cityHash64} of all of {@code bytes}. */
    public static long cityHash64(byte[] bytes) {
        return cityHash64(bytes, 0, bytes.length);
    }

    /**
     * ClickHouse's {@code cityHash64} of a number, Date or DateTime: {@code intHash64} of the
     * value's bits zero-extended from its width (so Int8 -5 hashes as 251, a Float64 as its raw
     * bits), checked on 18.16.
     */
    public static long cityHash64OfNumber(long zeroExtendedBits) {
        return intHash64(zeroExtendedBits);
    }

    private static long cityLen0to16(byte[] s, int off, int len) {
        if (len > 8) {
            long a = fetch64(s, off);
            long b = fetch64(s, off + len - 8);
            return hashLen16(a, Long.rotateRight(b + len, len)) ^ b;
        }
        if (len >= 4) {
            long a = fetch32(s, off);
            return hashLen16(len + (a << 3), fetch32(s, off + len - 4));
        }
        if (len > 0) {
            long a = s[off] & 0xFF;
            long b = s[off + (len >> 1)] & 0xFF;
            long c = s[off + len - 1] & 0xFF;
            long y = a + (b << 8);
            long z = len + (c << 2);
            return shiftMix(y * K2 ^ z * K3) * K2;
        }
        return K2;
    }

    private static long cityLen17to32(byte[] s, int off, int len) {
        long a = fetch64(s, off) * K1;
        long b = fetch64(s, off + 8);
        long c = fetch64(s, off + len - 8) * K2;
        long d = fetch64(s, off + len - 16) * K0;
        return hashLen16(rotate(a - b, 43) + rotate(c, 30) + d, a + rotate(b ^ K3, 20) - c + len);
    }

    private static long cityLen33to64(byte[] s, int off, int len) {
        long z = fetch64(s, off + 24);
        long a = fetch64(s, off) + (len + fetch64(s, off + len - 16)) * K0;
        long b = rotate(a + z, 52);
        long c = rotate(a, 37);
        a += fetch64(s, off + 8);
        c += rotate(a, 7);
        a += fetch64(s, off + 16);
        long vf = a + z;
        long vs = b + rotate(a, 31) + c;
        a = fetch64(s, off + 16) + fetch64(s, off + len - 32);
        z = fetch64(s, off + len - 8);
        b = rotate(a + z, 52);
        c = rotate(a, 37);
        a += fetch64(s, off + len - 24);
        c += rotate(a, 7);
        a += fetch64(s, off + len - 16);
        long wf = a + z;
        long ws = b + rotate(a, 31) + c;
        long r = shiftMix((vf + ws) * K2 + (wf + vs) * K0);
        return shiftMix(r * K0 + vs) * K2;
    }

    /** How murmurHash3_64 of several arguments folds the next argument's hash in. */
    public static long combineMurmurHashes(long h1, long h2) {
        return intHash64(h1) ^ h2;
    }

    /** How cityHash64 of several arguments folds the next argument's hash in (Hash128to64). */
    public static long combineCityHashes(long h1, long h2) {
        return hashLen16(h1, h2);
    }

    /** CityHash's Hash128to64. */
    private static long hashLen16(long u, long v) {
        long a = (u ^ v) * K_MUL;
        a ^= a >>> 47;
        long b = (v ^ a) * K_MUL;
        b ^= b >>> 47;
        return b * K_MUL;
    }

    private static long rotate(long value, int shift) {
        return Long.rotateRight(value, shift); // CityHash's Rotate (shift 0 is the value too)
    }

    private static long shiftMix(long value) {
        return value ^ (value >>> 47);
    }

    private static long fetch64(byte[] b, int p) {
        return (long) LONG_LE.get(b, p);
    }

    private static long fetch32(byte[] b, int p) {
        return (int) INT_LE.get(b, p) & 0xFFFFFFFFL;
    }

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                    long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle INT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                    int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
}
