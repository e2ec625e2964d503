package dev.flinkext.connector.redis.sink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Redis key as a map key: equal by content, as Redis compares keys. Lighter than {@code
 * ByteBuffer.wrap} (sink-core builds one per buffered row for reduce-by-key), and the hash is
 * computed once.
 */
final class KeyBytes {

    private final byte[] bytes;
    private final int hash;

    KeyBytes(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyBytes
                && ((KeyBytes) o).hash == hash
                && Arrays.equals(((KeyBytes) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
