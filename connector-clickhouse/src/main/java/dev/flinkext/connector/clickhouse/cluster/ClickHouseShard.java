package dev.flinkext.connector.clickhouse.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * One shard of a cluster.
 *
 * @param shardNum 1-based, as {@code system.clusters.shard_num} numbers it (the shard order a
 *     Distributed table's slots follow)
 * @param weight {@code shard_weight}
 * @param replicas in {@code replica_num} order, at least one
 */
public record ClickHouseShard(int shardNum, int weight, List<ClickHouseReplica> replicas)
        implements Serializable {

    public ClickHouseShard {
        replicas = List.copyOf(replicas);
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("shard " + shardNum + " has no replica");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("shard " + shardNum + " has weight " + weight);
        }
    }
}
