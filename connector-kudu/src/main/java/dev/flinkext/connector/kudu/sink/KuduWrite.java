package dev.flinkext.connector.kudu.sink;

import org.apache.kudu.client.PartialRow;

import java.nio.ByteBuffer;

/**
 * One write of the Kudu sink ("entry" to sink-core): an UPSERT of a whole row or a DELETE of a key,
 * its values already converted into a {@link PartialRow} of the table's schema. Each attempt makes
 * a fresh Kudu operation of it, so a retry never re-sends a spent RPC object.
 */
public final class KuduWrite {

    /** What Kudu is asked to do. */
    public enum Kind {
        UPSERT,
        DELETE
    }

    private final Kind kind;
    private final PartialRow row;
    private final ByteBuffer key;
    private final int sizeInBytes;
    private final boolean mayFindNoRow;

    KuduWrite(Kind kind, PartialRow row, ByteBuffer key, int sizeInBytes, boolean mayFindNoRow) {
        this.kind = kind;
        this.row = row;
        this.key = key;
        this.sizeInBytes = sizeInBytes;
        this.mayFindNoRow = mayFindNoRow;
    }

    public Kind kind() {
        return kind;
    }

    /** The values (every DDL column for an UPSERT, the key for a DELETE); do not modify. */
    public PartialRow row() {
        return row;
    }

    /** Kudu's own encoding of the primary key: equal bytes, equal key. */
    public ByteBuffer key() {
        return key;
    }

    public int sizeInBytes() {
        return sizeInBytes;
    }

    /**
     * A DELETE that replaced, in the writer's buffer, an UPSERT of its key that never reached Kudu
     * (reduce-by-key): Kudu may hold no such row, and its NOT_FOUND then means the changelog's end
     * state, not an inconsistency.
     */
    public boolean mayFindNoRow() {
        return mayFindNoRow;
    }

    /** The key as messages show it, e.g. {@code (int64 id=5, string region="eu")}. */
    public String describeKey() {
        return row.stringifyRowKey();
    }

    @Override
    public String toString() {
        return kind + " " + describeKey();
    }
}
