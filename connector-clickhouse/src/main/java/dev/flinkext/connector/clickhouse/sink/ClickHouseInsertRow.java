package dev.flinkext.connector.clickhouse.sink;

/**
 * One row of the ClickHouse sink ("entry" to sink-core): its RowBinary bytes, encoded by {@link
 * ClickHouseRowConverter} when the row arrives (so bad data fails there, naming the column).
 * Equality is identity: rows of an append-only insert have no key to keep in order.
 */
final class ClickHouseInsertRow {

    private final byte[] bytes;

    ClickHouseInsertRow(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The row's RowBinary bytes; do not modify. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "row of " + bytes.length + " RowBinary bytes";
    }
}
