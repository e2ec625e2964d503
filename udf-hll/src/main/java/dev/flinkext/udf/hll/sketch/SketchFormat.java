package dev.flinkext.udf.hll.sketch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Airlift's serialized layout: first byte a format tag, second the index bit length, little-endian.
 */
final class SketchFormat {

    static final byte SPARSE_V1 = 0;
    static final byte DENSE_V1 = 1;
    static final byte SPARSE_V2 = 2;
    static final byte DENSE_V2 = 3;

    /** Presto's bucket counts: 16 (max standard error 0.26) to 65536 (0.0040625). */
    static final int MIN_INDEX_BIT_LENGTH = 4;

    static final int MAX_INDEX_BIT_LENGTH = 16;

    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private SketchFormat() {}

    static void checkIndexBitLength(int indexBitLength) {
        if (indexBitLength < MIN_INDEX_BIT_LENGTH || indexBitLength > MAX_INDEX_BIT_LENGTH) {
            throw new MalformedSketchException(
                    String.format(
                            "index bit length %d is out of range [%d, %d] (16 to 65536 buckets)",
                            indexBitLength, MIN_INDEX_BIT_LENGTH, MAX_INDEX_BIT_LENGTH));
        }
    }

    static int readUnsignedShort(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    static int readInt(byte[] bytes, int offset) {
        return (int) INT_LE.get(bytes, offset);
    }

    static void writeShort(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
    }

    static void writeInt(byte[] bytes, int offset, int value) {
        INT_LE.set(bytes, offset, value);
    }
}
