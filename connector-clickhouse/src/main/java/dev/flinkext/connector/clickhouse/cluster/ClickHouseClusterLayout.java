package dev.flinkext.connector.clickhouse.cluster;

import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType;
import dev.flinkext.connector.clickhouse.sharding.ShardRouter;
import dev.flinkext.connector.clickhouse.sharding.ShardSelector;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
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

    /** Each shard's replicas' HTTP endpoints, in shard order (reads try them in order). */
    public List<List<ClickHouseEndpoint>> replicaEndpoints() {
        return shards.stream()
                .map(shard -> shard.replicas().stream().map(ClickHouseReplica::http).toList())
                .toList();
    }

    /** The selector for these weights: {@code shardIndexOf} gives an index into {@link #shards}. */
    public ShardSelector selector() {
        return ShardSelector.ofWeights(weights());
    }

    /**
     * The router that sends a row of these Flink columns to the shard this table's sharding
     * expression picks. A table without a sharding expression is accepted only on a single-shard
     * cluster (ClickHouse itself refuses inserts into it otherwise).
     *
     * @param clickHouseTypes the local table's column types by name
     * @throws ValidationException when the expression or its column cannot be reproduced
     */
    public ShardRouter shardRouter(
            List<String> flinkNames,
            List<LogicalType> flinkTypes,
            Map<String, ClickHouseType> clickHouseTypes) {
        String expression =
                engine.shardingKey()
                        .orElseGet(
                                () -> {
                                    if (shards.size() > 1) {
                                        throw new ValidationException(
                                                "The Distributed table "
                                                        + describe()
                                                        + " has no sharding expression: it takes"
                                                        + " no inserts on more than one shard.");
                                    }
                                    return "rand()"; // one shard: every value picks it
                                });
        return ShardRouter.create(expression, flinkNames, flinkTypes, clickHouseTypes, selector());
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
