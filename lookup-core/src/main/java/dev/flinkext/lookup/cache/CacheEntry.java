package dev.flinkext.lookup.cache;

import org.apache.flink.table.data.RowData;

import java.util.Collection;

/**
 * One cached lookup result with what the cache needs beyond the rows: when it was written (for
 * per-entry expiry and refresh-ahead) and its estimated size (so removals can be subtracted from
 * the byte gauge without estimating again).
 *
 * <p>Deliberately no equals/hashCode: a refresh replaces an entry only if it is still the very
 * entry the refresh started from (identity), so a newer put always wins.
 */
final class CacheEntry {

    final Collection<RowData> rows;
    final long writtenAtNanos;
    final long estimatedBytes;

    /** Ticker time from which a hit may start a refresh; pushed back after a failed refresh. */
    volatile long refreshDueAtNanos;

    CacheEntry(
            Collection<RowData> rows,
            long writtenAtNanos,
            long estimatedBytes,
            long refreshDueAtNanos) {
        this.rows = rows;
        this.writtenAtNanos = writtenAtNanos;
        this.estimatedBytes = estimatedBytes;
        this.refreshDueAtNanos = refreshDueAtNanos;
    }

    /** True for a key the store did not have. */
    boolean isMissingKey() {
        return rows.isEmpty();
    }

    /** Caffeine weights are ints; a single huge entry saturates rather than overflows. */
    int weight() {
        return (int) Math.min(Integer.MAX_VALUE, estimatedBytes);
    }
}
