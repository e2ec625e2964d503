package dev.flinkext.connector.clickhouse.source;

import dev.flinkext.connector.clickhouse.mapping.ClickHouseLiterals;

import java.io.Serializable;
import java.util.List;

/**
 * The query each split of a scan runs: {@code SELECT <columns> FROM <table> [FINAL] WHERE
 * _partition_id = '<split's partition>' AND <pushed filters> [ORDER BY <columns>] [LIMIT <skip>,
 * <n>] FORMAT RowBinary}.
 *
 * <p>With {@code exactResume}, a split's rows come sorted by every column read, so the same split
 * read again (after a failover, or at another replica) yields the same sequence, and resuming skips
 * exactly the rows already emitted ({@code LIMIT skip, n}, on the server). Rows that compare equal
 * in every column read are interchangeable, so the order needs no unique key. The price is a sort
 * of each split (one partition of one shard) on the server before its first row arrives. Without
 * it, rows stream in the server's order and a split resumed mid-way is read again from its start.
 *
 * @param selectList the quoted columns read, in the produced row's order; empty for no columns
 * @param useFinal read with {@code FINAL} (the engine merges rows of a key)
 * @param conditions pushed-down filters, each a ClickHouse condition
 * @param exactResume sort each split so that it resumes exactly
 * @param limit at most this many rows per split ({@code -1}: no limit)
 */
public record ClickHouseScanQuery(
        String selectList,
        boolean useFinal,
        List<String> conditions,
        boolean exactResume,
        long limit)
        implements Serializable {

    /** No limit pushed down. */
    public static final long NO_LIMIT = -1;

    /** The count of a LIMIT that only skips: more rows than any split holds. */
    private static final long UNBOUNDED_COUNT = 1_000_000_000_000_000L;

    public ClickHouseScanQuery {
        conditions = List.copyOf(conditions);
    }

    /** True when nothing of {@code split} is left to read (its limit was reached). */
    public boolean isDone(ClickHouseSourceSplit split) {
        return limit != NO_LIMIT && split.rowsEmitted() >= limit;
    }

    /** Where a read of {@code split} starts: its emitted rows when those can be skipped exactly. */
    public long startOf(ClickHouseSourceSplit split) {
        return exactResume ? split.rowsEmitted() : 0;
    }

    /** True when no column is read (e.g. {@code COUNT(*)}): each row is then one UInt8 byte. */
    public boolean readsNoColumn() {
        return selectList.isEmpty();
    }

    /** The statement reading {@code split} from {@link #startOf} on. */
    public String sql(ClickHouseSourceSplit split) {
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(readsNoColumn() ? "toUInt8(0)" : selectList).append(" FROM ");
        sql.append(split.table());
        if (useFinal) {
            sql.append(" FINAL");
        }
        String and = " WHERE ";
        if (split.partitionId().isPresent()) {
            sql.append(and)
                    .append("_partition_id = ")
                    .append(ClickHouseLiterals.quoted(split.partitionId().get()));
            and = " AND ";
        }
        for (String condition : conditions) {
            sql.append(and).append('(').append(condition).append(')');
            and = " AND ";
        }
        if (exactResume && !readsNoColumn()) {
            sql.append(" ORDER BY ").append(selectList);
        }
        long skip = startOf(split);
        if (limit != NO_LIMIT) {
            sql.append(" LIMIT ").append(skip).append(", ").append(limit - skip);
        } else if (skip > 0) {
            // 18.16 adds offset and count in 64 bits: a count near 2^63 overflows
            sql.append(" LIMIT ").append(skip).append(", ").append(UNBOUNDED_COUNT);
        }
        return sql.append(" FORMAT RowBinary").toString();
    }
}
