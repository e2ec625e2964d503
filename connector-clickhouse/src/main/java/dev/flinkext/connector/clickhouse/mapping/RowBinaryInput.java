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
