package dev.flinkext.connector.clickhouse.cluster;

import dev.flinkext.connector.clickhouse.sharding.ShardSelector;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What a Distributed table is made of: its engine's arguments and the shards of its cluster, in
 * {@code shard_num} order (the order the table's weight slots follow). Immutable.
 *
 * @param database the Distributed table's database
 * @param table the Distributed table
 * @param engine the engine's arguments (cluster, remote database and table, sharding key)
 * @param shards the cluster's shards in {@code shard_num} order
 */
public record ClickHouseClusterLayout(
        String database, String table, DistributedEngine engine, List<ClickHouseShard> shards)
        implements Serializable {

    public ClickHouseClusterLayout {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(engine, "engine");
        shards = List.copyOf(shards);
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("cluster " + engine.cluster() + " has no shard");
        }
    }

    /** The shard weights in shard order. */
    public int[] weights() {
        int[] weights = new int[shards.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = shards.get(i).weight();
        }
        return weights;
    }

    /** The selector for these weights: {@code shardIndexOf} gives an index into {@link #shards}. */
    public ShardSelector selector() {
        return ShardSelector.ofWeights(weights());
    }

    /** {@code 'db.table' (Distributed over cluster c: 'remoteDb.remoteTable' on N shards)}. */
    public String describe() {
        return "'"
                + database
                + "."
                + table
                + "' (Distributed over cluster '"
                + engine.cluster()
                + "': '"
                + engine.remoteDatabase()
                + "."
                + engine.remoteTable()
                + "' on "
                + shards.size()
                + " shards)";
    }
}
