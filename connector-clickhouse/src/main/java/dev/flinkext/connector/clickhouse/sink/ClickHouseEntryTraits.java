package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.sink.writer.EntryTraits;

/**
 * What sink-core needs to know of an appended row: each row is its own key (appends have no order
 * to keep among themselves), an INSERT is not idempotent (a row sent twice is stored twice) but
 * commutes with the other rows, so after a failed attempt only the rows not confirmed are sent
 * again. A failed INSERT leaves its whole batch unconfirmed: at-least-once.
 */
enum ClickHouseEntryTraits implements EntryTraits<ClickHouseInsertRow> {
    INSTANCE;

    @Override
    public Object keyOf(ClickHouseInsertRow row) {
        return row;
    }

    @Override
    public long sizeInBytes(ClickHouseInsertRow row) {
        return row.bytes().length;
    }

    @Override
    public boolean isIdempotent(ClickHouseInsertRow row) {
        return false;
    }

    @Override
    public boolean isCommutative(ClickHouseInsertRow row) {
        return true;
    }

    @Override
    public String describeKey(ClickHouseInsertRow row) {
        return row.toString();
    }
}
