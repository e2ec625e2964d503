package dev.flinkext.connector.clickhouse.mapping;

import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.table.data.binary.BinaryStringData;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A growable buffer of ClickHouse RowBinary values: fixed-width numbers little-endian, lengths as
 * unsigned LEB128 varints, strings as length + bytes. One per batch, reused after {@link #reset()};
 * the writes neither box nor format: a Flink string's UTF-8 bytes are copied straight from its
 * memory segments.
 */
public final class RowBinaryOutput {

    private byte[] buffer;
    private int size;

    public RowBinaryOutput(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** Bytes written since the last {@link #reset()}. */
    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** The bytes written, read in place (valid until the next write or reset). */
    public InputStream asInputStream() {
        return new ByteArrayInputStream(buffer, 0, size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        int needed = size + more;
        if (needed < 0) {
            throw new IllegalStateException("A RowBinary batch cannot exceed 2 GiB");
        }
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }

    public void writeInt8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    public void writeInt16(int value) {
        ensure(2);
        buffer[size++] = (byte) value;
        buffer[size++] = (byte) (value >>> 8);
    }

    public void writeInt32(int value) {
        ensure(4);
        buffer[size++] = (byte) value;
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 24);
    }

    public void writeInt64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    /** Float32: the float's IEEE bits as they are (NaN payloads and -0.0 kept). */
    public void writeFloat32(float value) {
        writeInt32(Float.floatToRawIntBits(value));
    }

    /** Float64: the double's IEEE bits as they are (NaN payloads and -0.0 kept). */
    public void writeFloat64(double value) {
        writeInt64(Double.doubleToRawLongBits(value));
    }

    /** An unsigned LEB128 varint (string and array lengths, map sizes). */
    public void writeVarUInt(long value) {
        ensure(10);
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        buffer[size++] = (byte) rest;
    }

    public void writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** String: varint length, then the bytes. */
    public void writeString(byte[] bytes) {
        writeVarUInt(bytes.length);
        writeBytes(bytes, 0, bytes.length);
    }

    /** String from Flink's internal string: its UTF-8 bytes, copied from its segments. */
    public void writeString(StringData value) {
        if (value instanceof BinaryStringData binary) {
            binary.ensureMaterialized();
            int length = binary.getSizeInBytes();
            writeVarUInt(length);
            ensure(length);
            BinarySegmentUtils.copyToBytes(
                    binary.getSegments(), binary.getOffset(), buffer, size, length);
            size += length;
        } else {
            writeString(value.toBytes());
        }
    }

    /**
     * FixedString(n): exactly {@code n} bytes, zero-padded.
     *
     * @throws IllegalArgumentException when the value is longer than {@code n} bytes
     */
    public void writeFixedString(byte[] bytes, int n) {
        if (bytes.length > n) {
            throw new IllegalArgumentException(
                    "A value of " + bytes.length + " bytes does not fit FixedString(" + n + ")");
        }
        ensure(n);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        Arrays.fill(buffer, size + bytes.length, size + n, (byte) 0);
        size += n;
    }
}
