package dev.flinkext.connector.clickhouse.source;

import dev.flinkext.connector.clickhouse.cluster.ClickHouseClusterLayout;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.List;

/**
 * What a scan reads, decided at planning time: a plain table at the configured endpoints (one
 * "shard" whose replicas are those endpoints), or each shard's local table of a Distributed table
 * at that shard's replicas, so the scan reads every row once and never through the Distributed
 * table.
 *
 * @param shards each shard's replica endpoints, in shard order
 * @param database the database of the table read on each shard
 * @param table the table read on each shard
 * @param partitioned the table is of the MergeTree family: one split per partition (from {@code
 *     system.parts}); otherwise one split per shard
 */
public record ClickHouseScanTarget(
        List<List<ClickHouseEndpoint>> shards, String database, String table, boolean partitioned)
        implements Serializable {

    public ClickHouseScanTarget {
        shards = shards.stream().map(List::copyOf).toList();
    }

    /**
     * @param layout the layout when the table is Distributed, else null
     * @param engineFull the engine of the table read (the local table for a Distributed one)
     */
    public static ClickHouseScanTarget of(
            ClickHouseConnectionOptions connection,
            String database,
            String table,
            @Nullable ClickHouseClusterLayout layout,
            String engineFull) {
        boolean partitioned = engineFull.matches("(?s)\\w*MergeTree.*");
        if (layout == null) {
            return new ClickHouseScanTarget(
                    List.of(connection.endpoints()), database, table, partitioned);
        }
        return new ClickHouseScanTarget(
                layout.replicaEndpoints(),
                layout.engine().remoteDatabase(),
                layout.engine().remoteTable(),
                partitioned);
    }
}
