package dev.flinkext.connector.clickhouse.mapping;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads ClickHouse RowBinary values from a stream (the inverse of {@link RowBinaryOutput}): what
 * the connector reads from the server it asks for in RowBinary, so that names and values need no
 * text unescaping.
 */
public final class RowBinaryInput {

    private final InputStream in;

    public RowBinaryInput(InputStream in) {
        this.in = in;
    }

    /** True when the stream has no byte left (a clean end between rows). */
    public boolean atEnd() throws IOException {
        if (!in.markSupported()) {
            throw new IllegalStateException("RowBinaryInput needs a stream that supports mark");
        }
        in.mark(1);
        int next = in.read();
        in.reset();
        return next < 0;
    }

    public int readUInt8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("RowBinary ended inside a value");
        }
        return b;
    }

    public int readInt16() throws IOException {
        int b0 = readUInt8();
        return (short) (b0 | readUInt8() << 8);
    }

    public int readInt32() throws IOException {
        int b0 = readUInt8();
        int b1 = readUInt8();
        int b2 = readUInt8();
        return b0 | b1 << 8 | b2 << 16 | readUInt8() << 24;
    }

    public long readInt64() throws IOException {
        long low = readInt32() & 0xFFFF_FFFFL;
        return low | (long) readInt32() << 32;
    }

    public float readFloat32() throws IOException {
        return Float.intBitsToFloat(readInt32());
    }

    public double readFloat64() throws IOException {
        return Double.longBitsToDouble(readInt64());
    }

    /** Exactly {@code n} bytes. */
    public byte[] readBytes(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException("RowBinary ended inside a value");
        }
        return bytes;
    }

    public long readVarUInt() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readUInt8();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("A RowBinary varint longer than 10 bytes");
    }

    public byte[] readStringBytes() throws IOException {
        long length = readVarUInt();
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("A RowBinary string of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException("RowBinary ended inside a string");
        }
        return bytes;
    }

    public String readString() throws IOException {
        return new String(readStringBytes(), StandardCharsets.UTF_8);
    }
}
