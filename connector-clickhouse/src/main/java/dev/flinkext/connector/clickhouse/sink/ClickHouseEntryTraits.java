package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.sink.writer.EntryTraits;

/**
 * What sink-core needs to know of the rows it sends.
 *
 * <ul>
 *   <li>{@link #APPEND}: each row is its own key (appends have no order to keep among themselves),
 *       an INSERT is not idempotent (a row sent twice is stored twice) but commutes with the other
 *       rows, so after a failed attempt only the rows not confirmed are sent again.
 *   <li>{@link #VERSIONED}: a changelog row keyed by its primary key into a ReplacingMergeTree with
 *       a version column: the highest version wins whatever the order, and a row stored twice is
 *       replaced like any other, so idempotent and commutative.
 *   <li>{@link #ORDERED_IDEMPOTENT}: into a ReplacingMergeTree without version: the last row
 *       inserted wins, so a key's rows must keep their order, but sending them again in order is
 *       harmless.
 *   <li>{@link #ORDERED}: sign rows of the collapsing engines: a row stored twice would cancel, or
 *       stay, once too often, and a key's +1/-1 rows keep their order.
 * </ul>
 *
 * Keyed rows of one key reach the server in order: sink-core holds a batch while a batch in flight
 * shares a key with it. A failed INSERT leaves its whole batch unconfirmed: at-least-once.
 */
enum ClickHouseEntryTraits implements EntryTraits<ClickHouseInsertRow> {
    APPEND(false, true),
    VERSIONED(true, true),
    ORDERED_IDEMPOTENT(true, false),
    ORDERED(false, false);

    private final boolean idempotent;
    private final boolean commutative;

    ClickHouseEntryTraits(boolean idempotent, boolean commutative) {
        this.idempotent = idempotent;
        this.commutative = commutative;
    }

    static ClickHouseEntryTraits of(ClickHouseChangelogPlan plan) {
        if (!plan.keyed()) {
            return APPEND;
        }
        if (plan.collapsing()) {
            return ORDERED;
        }
        return plan.versioned() ? VERSIONED : ORDERED_IDEMPOTENT;
    }

    @Override
    public Object keyOf(ClickHouseInsertRow row) {
        return row.key() == null ? row : row.key();
    }

    @Override
    public long sizeInBytes(ClickHouseInsertRow row) {
        return row.bytes().length + (row.keyLiteral() == null ? 0 : row.keyLiteral().length());
    }

    @Override
    public boolean isIdempotent(ClickHouseInsertRow row) {
        return idempotent;
    }

    @Override
    public boolean isCommutative(ClickHouseInsertRow row) {
        return commutative;
    }

    @Override
    public String describeKey(ClickHouseInsertRow row) {
        return row.toString();
    }
}
