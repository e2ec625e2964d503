package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.connector.clickhouse.client.ClickHouseTables;
import dev.flinkext.connector.clickhouse.cluster.ClickHouseClusterLayout;
import dev.flinkext.connector.clickhouse.cluster.ClickHouseClusterLayouts;
import dev.flinkext.connector.clickhouse.cluster.ClickHouseReplica;
import dev.flinkext.connector.clickhouse.cluster.ClickHouseShard;
import dev.flinkext.connector.clickhouse.cluster.ShardEndpoints;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType;
import dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser;
import dev.flinkext.connector.clickhouse.sharding.ShardRouter;
import dev.flinkext.connector.clickhouse.sharding.ShardSelector;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code sink.write-local}: what a writer needs to put each row straight into the local table of
 * the shard a Distributed table would send it to, decided at planning time from the server: the
 * cluster layout (shards in {@code shard_num} order, weights, replicas' HTTP endpoints), the
 * sharding expression, and the local table's columns and engine, read on every shard and required
 * to be the same there.
 *
 * <p>A shard with several replicas is written at one replica (the next one after a failed attempt),
 * which is right only when the local table replicates itself ({@code Replicated*MergeTree}, with
 * {@code internal_replication}); a Distributed table over non-replicated copies writes every
 * replica itself, which this plan does not do: such a layout is refused.
 *
 * <p>Serializable; the {@link ShardRouter} (not serializable: it holds parsed types and scratch
 * buffers) is built anew per writer by {@link #newRouter()}.
 */
final class ClickHouseLocalWritePlan implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String distributed;
    private final String localDatabase;
    private final String localTable;
    private final String shardingExpression;
    private final int[] weights;
    private final List<List<ClickHouseEndpoint>> replicaEndpoints;
    private final List<ClickHouseColumn> localColumns;
    private final String localEngine;
    private final List<String> flinkNames;
    private final List<LogicalType> flinkTypes;

    private ClickHouseLocalWritePlan(
            String distributed,
            String localDatabase,
            String localTable,
            String shardingExpression,
            int[] weights,
            List<List<ClickHouseEndpoint>> replicaEndpoints,
            List<ClickHouseColumn> localColumns,
            String localEngine,
            RowType rowType) {
        this.distributed = distributed;
        this.localDatabase = localDatabase;
        this.localTable = localTable;
        this.shardingExpression = shardingExpression;
        this.weights = weights;
        this.replicaEndpoints = replicaEndpoints;
        this.localColumns = List.copyOf(localColumns);
        this.localEngine = localEngine;
        this.flinkNames = List.copyOf(rowType.getFieldNames());
        this.flinkTypes = List.copyOf(rowType.getChildren());
    }

    /**
     * Reads the layout of the Distributed table {@code database.table}, the local table on every
     * shard, and checks that rows of {@code rowType} can be routed as the server routes them.
     *
     * @throws ValidationException when the table is not Distributed, a shard's local table is
     *     missing or differs from the others, a shard's copies do not replicate themselves, or the
     *     sharding expression cannot be reproduced; naming table, shard and endpoints
     */
    static ClickHouseLocalWritePlan resolve(
            ClickHouseConnectionOptions connection,
            String database,
            String table,
            ShardEndpoints endpoints,
            RowType rowType) {
        ClickHouseClusterLayout layout =
                ClickHouseClusterLayouts.read(connection, database, table, endpoints);
        String localDatabase = layout.engine().remoteDatabase();
        String localTable = layout.engine().remoteTable();
        List<ClickHouseColumn> columns = null;
        String engine = null;
        List<List<ClickHouseEndpoint>> replicaEndpoints = new ArrayList<>();
        for (ClickHouseShard shard : layout.shards()) {
            List<ClickHouseEndpoint> shardEndpoints = new ArrayList<>();
            for (ClickHouseReplica replica : shard.replicas()) {
                shardEndpoints.add(replica.http());
            }
            // the first replica that answers describes the shard's local table
            List<ClickHouseColumn> shardColumns = null;
            String shardEngine = null;
            ValidationException unanswered = null;
            for (ClickHouseEndpoint replica : shardEndpoints) {
                ClickHouseConnectionOptions at = connection.withEndpoints(List.of(replica));
                try {
                    shardColumns = ClickHouseTables.columns(at, localDatabase, localTable);
                    shardEngine = ClickHouseTables.engineFull(at, localDatabase, localTable);
                    break;
                } catch (ValidationException e) {
                    if (unanswered == null) {
                        unanswered = e;
                    } else {
                        unanswered.addSuppressed(e);
                    }
                }
            }
            if (shardColumns == null) {
                throw unanswered;
            }
            if (columns == null) {
                columns = shardColumns;
                engine = shardEngine;
            } else if (!columns.equals(shardColumns)) {
                throw new ValidationException(
                        String.format(
                                "'sink.write-local': the local table '%s.%s' of %s has other"
                                        + " columns on shard %d (%s) than on shard %d (%s).",
                                localDatabase,
                                localTable,
                                layout.describe(),
                                shard.shardNum(),
                                shardColumns,
                                layout.shards().get(0).shardNum(),
                                columns));
            }
            if (shard.replicas().size() > 1 && !shardEngine.startsWith("Replicated")) {
                throw new ValidationException(
                        String.format(
                                "'sink.write-local' cannot write %s: shard %d has %d replicas"
                                        + " and its local table '%s.%s' does not replicate"
                                        + " itself (engine %s), so the Distributed table writes"
                                        + " every replica. Use a Replicated*MergeTree local"
                                        + " table, or write through the Distributed table"
                                        + " ('sink.write-local' = 'false').",
                                layout.describe(),
                                shard.shardNum(),
                                shard.replicas().size(),
                                localDatabase,
                                localTable,
                                shardEngine));
            }
            replicaEndpoints.add(List.copyOf(shardEndpoints));
        }
        // the router throws here, at planning time, for what it cannot reproduce
        String expression =
                layout.shardRouter(rowType.getFieldNames(), rowType.getChildren(), types(columns))
                        .expression()
                        .text();
        return new ClickHouseLocalWritePlan(
                layout.describe(),
                localDatabase,
                localTable,
                expression,
                layout.weights(),
                replicaEndpoints,
                columns,
                engine,
                rowType);
    }

    private static Map<String, ClickHouseType> types(List<ClickHouseColumn> columns) {
        Map<String, ClickHouseType> types = new LinkedHashMap<>();
        for (ClickHouseColumn column : columns) {
            types.put(column.name(), ClickHouseTypeParser.parse(column.type()));
        }
        return types;
    }

    /** A router for one writer: a row's 0-based shard index. */
    ShardRouter newRouter() {
        return ShardRouter.create(
                shardingExpression,
                flinkNames,
                flinkTypes,
                types(localColumns),
                ShardSelector.ofWeights(weights));
    }

    int shardCount() {
        return replicaEndpoints.size();
    }

    /** The HTTP endpoints of shard {@code index}'s replicas, in {@code replica_num} order. */
    List<ClickHouseEndpoint> replicasOf(int index) {
        return replicaEndpoints.get(index);
    }

    String localDatabase() {
        return localDatabase;
    }

    String localTable() {
        return localTable;
    }

    /** The local table's columns, which the row mapping is checked against. */
    List<ClickHouseColumn> localColumns() {
        return localColumns;
    }

    /** The local table's {@code engine_full}, which decides the changelog strategy. */
    String localEngine() {
        return localEngine;
    }

    /** E.g. {@code 'db.t' (Distributed over cluster 'c': 'db.t_local' on 2 shards)}. */
    String describe() {
        return distributed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseLocalWritePlan that
                && distributed.equals(that.distributed)
                && shardingExpression.equals(that.shardingExpression)
                && java.util.Arrays.equals(weights, that.weights)
                && replicaEndpoints.equals(that.replicaEndpoints)
                && localColumns.equals(that.localColumns)
                && localEngine.equals(that.localEngine)
                && flinkNames.equals(that.flinkNames)
                && flinkTypes.equals(that.flinkTypes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(distributed, shardingExpression, replicaEndpoints, localColumns);
    }

    @Override
    public String toString() {
        return "write-local into '"
                + localDatabase
                + "."
                + localTable
                + "' by "
                + shardingExpression
                + " over "
                + replicaEndpoints;
    }
}
