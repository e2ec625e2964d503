package dev.flinkext.format.pb.encode;

import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.table.data.binary.BinaryStringData;

import java.util.Arrays;

/**
 * A growable buffer that writes protobuf's wire format. A nested message reserves one byte for its
 * length and moves its bytes only in the rare case the length needs more, so each message is
 * written once, without computing sizes first.
 */
final class PbOutput {

    /** A buffer grown past this by one huge message is dropped after it. */
    private static final int RETAINED_CAPACITY = 1 << 20;

    private byte[] buffer = new byte[256];
    private int position;

    void reset() {
        if (buffer.length > RETAINED_CAPACITY) {
            buffer = new byte[256];
        }
        position = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }

    void writeTag(int tag) {
        writeVarint32(tag);
    }

    /** An unsigned 32-bit varint. */
    void writeVarint32(int value) {
        ensure(5);
        while ((value & ~0x7F) != 0) {
            buffer[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[position++] = (byte) value;
    }

    /** A 64-bit varint (negative int32 values are written sign-extended, as protobuf does). */
    void writeVarint64(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[position++] = (byte) value;
    }

    /** sint32: ZigZag, so small negative numbers stay short. */
    void writeSInt32(int value) {
        writeVarint32((value << 1) ^ (value >> 31));
    }

    /** sint64: ZigZag, so small negative numbers stay short. */
    void writeSInt64(long value) {
        writeVarint64((value << 1) ^ (value >> 63));
    }

    void writeFixed32(int value) {
        ensure(4);
        buffer[position++] = (byte) value;
        buffer[position++] = (byte) (value >> 8);
        buffer[position++] = (byte) (value >> 16);
        buffer[position++] = (byte) (value >> 24);
    }

    void writeFixed64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[position++] = (byte) (value >> (8 * i));
        }
    }

    void writeBytes(byte[] bytes) {
        writeVarint32(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    /** A string's UTF-8 bytes, copied from Flink's binary form without an intermediate array. */
    void writeString(StringData value) {
        if (!(value instanceof BinaryStringData)) {
            writeBytes(value.toBytes());
            return;
        }
        BinaryStringData string = (BinaryStringData) value;
        int size = string.getSizeInBytes();
        writeVarint32(size);
        ensure(size);
        BinarySegmentUtils.copyToBytes(
                string.getSegments(), string.getOffset(), buffer, position, size);
        position += size;
    }

    /** Reserves a one-byte length; pass the result to {@link #endLengthDelimited}. */
    int beginLengthDelimited() {
        ensure(1);
        return position++;
    }

    void endLengthDelimited(int mark) {
        int length = position - mark - 1;
        int lengthSize = varint32Size(length);
        if (lengthSize > 1) {
            ensure(lengthSize - 1);
            System.arraycopy(buffer, mark + 1, buffer, mark + lengthSize, length);
        }
        int end = mark + lengthSize + length;
        position = mark;
        writeVarint32(length);
        position = end;
    }

    private static int varint32Size(int value) {
        if ((value & (~0 << 7)) == 0) {
            return 1;
        }
        if ((value & (~0 << 14)) == 0) {
            return 2;
        }
        if ((value & (~0 << 21)) == 0) {
            return 3;
        }
        if ((value & (~0 << 28)) == 0) {
            return 4;
        }
        return 5;
    }

    private void ensure(int bytes) {
        if (position + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + bytes));
        }
    }
}
