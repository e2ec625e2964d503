package dev.flinkext.connector.clickhouse.config;

/**
 * How the sink applies a changelog ({@code sink.upsert-strategy}); see {@link
 * ClickHouseConnectorOptions#SINK_UPSERT_STRATEGY}.
 */
public enum ClickHouseUpsertStrategy {
    /** Derived from the table engine (Replacing, Collapsing, VersionedCollapsing), else append. */
    AUTO,
    /** ReplacingMergeTree: every INSERT/UPDATE_AFTER row inserted, the highest version wins. */
    REPLACING,
    /** CollapsingMergeTree: the old row with sign -1, the new one with sign +1. */
    COLLAPSING,
    /** VersionedCollapsingMergeTree: as collapsing, the -1 row cancels the +1 of its version. */
    VERSIONED_COLLAPSING,
    /**
     * Any MergeTree table: per batch, ALTER TABLE ... DELETE of the batch's keys, then an INSERT of
     * its rows. Chosen explicitly only.
     */
    MUTATIONS,
    /** INSERT rows only: an updating query is refused at planning time. */
    APPEND;

    /** The option's value, e.g. {@code versioned-collapsing} (Flink matches it ignoring case). */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
