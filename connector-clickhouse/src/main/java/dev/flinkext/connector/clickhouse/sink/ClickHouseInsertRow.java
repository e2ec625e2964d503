package dev.flinkext.connector.clickhouse.sink;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One row of the ClickHouse sink ("entry" to sink-core): its RowBinary bytes (with the columns the
 * sink fills, such as a sign, after the row's own), encoded by {@link ClickHouseRowConverter} when
 * the row arrives (so bad data fails there, naming the column), and for a changelog the row's
 * primary key, whose changes sink-core keeps in order, and with {@code sink.write-local} the shard
 * the row goes to. Without a key, equality is identity: rows of an append-only insert have no order
 * to keep.
 */
final class ClickHouseInsertRow {

    private final byte[] bytes;
    private final @Nullable Key key;
    private final int shard;
    private final @Nullable String keyLiteral;
    private final boolean inserted;

    ClickHouseInsertRow(byte[] bytes) {
        this(bytes, null, 0);
    }

    ClickHouseInsertRow(byte[] bytes, @Nullable Key key) {
        this(bytes, key, 0);
    }

    /**
     * @param shard the 0-based index of the shard whose local table takes the row ({@code
     *     sink.write-local}); 0 otherwise
     */
    ClickHouseInsertRow(byte[] bytes, @Nullable Key key, int shard) {
        this(bytes, key, shard, null, true);
    }

    /**
     * For {@code mutations}: the key as a literal for {@code ALTER TABLE ... DELETE}, and whether
     * the row is inserted after its key was deleted (an upsert) or not (a delete).
     */
    ClickHouseInsertRow(
            byte[] bytes, Key key, int shard, @Nullable String keyLiteral, boolean inserted) {
        this.bytes = bytes;
        this.key = key;
        this.shard = shard;
        this.keyLiteral = keyLiteral;
        this.inserted = inserted;
    }

    /** The row's RowBinary bytes; do not modify. */
    byte[] bytes() {
        return bytes;
    }

    /** The primary key, or null for an appended row. */
    @Nullable
    Key key() {
        return key;
    }

    /** For {@code mutations}: the key's literal, whose rows a batch deletes first; else null. */
    @Nullable
    String keyLiteral() {
        return keyLiteral;
    }

    /** False for a delete of {@code mutations}, which inserts nothing. */
    boolean inserted() {
        return inserted;
    }

    /** The shard index the row is written to (0 when not writing local tables). */
    int shard() {
        return shard;
    }

    @Override
    public String toString() {
        return (inserted ? "row of " + bytes.length + " RowBinary bytes" : "delete")
                + (key == null ? "" : " " + key);
    }

    /** A primary key's values in RowBinary: equal bytes exactly when the values are equal. */
    static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key that && hash == that.hash && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "with primary key 0x" + HexFormat.of().formatHex(bytes) + " (RowBinary)";
        }
    }
}
