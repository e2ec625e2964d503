package dev.flinkext.udf.hll.sketch;

import java.nio.charset.StandardCharsets;

/**
 * How Presto's {@code approx_set} turns a SQL value into the 64-bit hash it adds to the sketch. A
 * value hashed any other way lands in other buckets, and Presto's merge would count it twice.
 */
public final class PrestoValueHash {

    private PrestoValueHash() {}

    /** BIGINT (and narrower integers, widened first): its 8 little-endian bytes. */
    public static long ofBigint(long value) {
        return Murmur3Hash64.hash(value);
    }

    /**
     * DOUBLE (and REAL, widened first): {@code Double.doubleToLongBits}, then as a BIGINT. That
     * method folds every NaN into one canonical NaN; -0.0 and 0.0 stay distinct values.
     */
    public static long ofDouble(double value) {
        return Murmur3Hash64.hash(Double.doubleToLongBits(value));
    }

    /** VARCHAR: its UTF-8 bytes. */
    public static long ofVarchar(String value) {
        return Murmur3Hash64.hash(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * VARBINARY, or a VARCHAR already encoded as UTF-8: the raw bytes, as Presto's {@code
     * approx_distinct(varbinary)} and airlift's {@code HyperLogLog.add(Slice)} do.
     */
    public static long ofBytes(byte[] value) {
        return Murmur3Hash64.hash(value);
    }

    /** Like {@link #ofBytes(byte[])} for a slice of an array (no copy). */
    public static long ofBytes(byte[] value, int offset, int length) {
        return Murmur3Hash64.hash(value, offset, length);
    }
}
