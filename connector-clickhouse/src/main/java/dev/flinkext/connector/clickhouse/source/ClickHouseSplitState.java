package dev.flinkext.connector.clickhouse.source;

/** The mutable position of a split being read: what a checkpoint records of it. */
final class ClickHouseSplitState {
    private final ClickHouseSourceSplit split;
    long rowsEmitted;

    ClickHouseSplitState(ClickHouseSourceSplit split) {
        this.split = split;
        this.rowsEmitted = split.rowsEmitted();
    }

    ClickHouseSourceSplit toSplit() {
        return split.emitted(rowsEmitted);
    }
}
