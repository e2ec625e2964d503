package dev.flinkext.connector.clickhouse.lookup;

import dev.flinkext.common.resource.Closeables;
import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.clickhouse.client.ClickHouseClients;
import dev.flinkext.connector.clickhouse.cluster.ClickHouseClusterLayout;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseLiterals;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseReadMapping;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType;
import dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser;
import dev.flinkext.connector.clickhouse.sharding.ShardRouter;
import dev.flinkext.connector.clickhouse.sharding.ShardSelector;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import com.clickhouse.client.api.Client;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where lookups read a table, decided at planning time: a plain table at the configured endpoints;
 * or, for a Distributed table, each shard's local table at its replicas' endpoints. Reads of a
 * Distributed table go to one shard per key when the sharding expression depends on the lookup key
 * only (the key's shard is computed as the server computes it: {@link ShardRouter}); otherwise, or
 * for {@code rand()}, through the Distributed table itself, which asks every shard.
 *
 * <p>Serializable; routers (not serializable) are built per reader by {@link #newRouter}.
 */
public final class ClickHouseLookupTable implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ClickHouseConnectionOptions connection;
    private final String table;
    private final String describe;
    private final ClickHouseReadMapping read;
    private final List<String> keyNames;
    private final List<LogicalType> keyTypes;
    private final List<ClickHouseColumn> keyColumns;
    private final @Nullable String shardingExpression;
    private final int[] weights;
    private final List<List<ClickHouseEndpoint>> shardReplicas;
    private final String localTable;
    private final boolean useFinal;
    private final List<String> conditions;

    private ClickHouseLookupTable(
            ClickHouseConnectionOptions connection,
            String table,
            String describe,
            ClickHouseReadMapping read,
            List<String> keyNames,
            List<LogicalType> keyTypes,
            List<ClickHouseColumn> keyColumns,
            @Nullable String shardingExpression,
            int[] weights,
            List<List<ClickHouseEndpoint>> shardReplicas,
            String localTable,
            boolean useFinal,
            List<String> conditions) {
        this.connection = connection;
        this.table = table;
        this.describe = describe;
        this.read = read;
        this.keyNames = List.copyOf(keyNames);
        this.keyTypes = List.copyOf(keyTypes);
        this.keyColumns = List.copyOf(keyColumns);
        this.shardingExpression = shardingExpression;
        this.weights = weights;
        this.shardReplicas = shardReplicas;
        this.localTable = localTable;
        this.useFinal = useFinal;
        this.conditions = List.copyOf(conditions);
    }

    /**
     * @param read the produced columns (after projection)
     * @param keyType the lookup key's fields (names are table columns)
     * @param tableColumns the table's columns
     * @param layout the layout when the table is Distributed, else null
     * @param useFinal read with {@code FINAL}: the (local) table's engine merges rows of a key
     *     ({@link #mergesRows}), so only its merged state is an answer
     * @param conditions filters the planner pushed into the source (a condition on the dimension in
     *     the join's ON clause): every read applies them, or the join would keep rows Flink no
     *     longer filters
     * @throws ValidationException when a key column has no literal form, naming it
     */
    public static ClickHouseLookupTable resolve(
            ClickHouseConnectionOptions connection,
            String database,
            String tableName,
            ClickHouseReadMapping read,
            RowType keyType,
            List<ClickHouseColumn> tableColumns,
            @Nullable ClickHouseClusterLayout layout,
            boolean useFinal,
            List<String> conditions) {
        List<ClickHouseColumn> keyColumns = new ArrayList<>();
        Map<String, ClickHouseType> keyChTypes = new LinkedHashMap<>();
        for (RowType.RowField field : keyType.getFields()) {
            ClickHouseColumn column =
                    tableColumns.stream()
                            .filter(c -> c.name().equals(field.getName()))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new ValidationException(
                                                    "Lookup key '"
                                                            + field.getName()
                                                            + "' is not a column of "
                                                            + read.table()));
            ClickHouseType type = ClickHouseTypeParser.parse(column.type());
            keyColumns.add(column);
            keyChTypes.put(column.name(), type);
        }
        // key literals and key readers exist (throws naming the column otherwise)
        new ClickHouseLookupKeys(
                keyType.getFieldNames(),
                keyType.getChildren(),
                keyColumns,
                java.time.ZoneId.of(read.serverZone()));
        String quoted =
                ClickHouseLiterals.identifier(database)
                        + "."
                        + ClickHouseLiterals.identifier(tableName);
        String expression = null;
        int[] weights = new int[0];
        List<List<ClickHouseEndpoint>> replicas = List.of();
        String local = quoted;
        if (layout != null && layout.engine().shardingKey().isPresent()) {
            try {
                ShardRouter router =
                        ShardRouter.create(
                                layout.engine().shardingKey().get(),
                                keyType.getFieldNames(),
                                keyType.getChildren(),
                                keyChTypes,
                                layout.selector());
                if (!router.expression().text().startsWith("rand")) {
                    expression = router.expression().text();
                    weights = layout.weights();
                    replicas = layout.replicaEndpoints();
                    local =
                            ClickHouseLiterals.identifier(layout.engine().remoteDatabase())
                                    + "."
                                    + ClickHouseLiterals.identifier(layout.engine().remoteTable());
                }
            } catch (ValidationException notByKey) {
                // the sharding expression needs more than the key: ask the Distributed table
            }
        }
        return new ClickHouseLookupTable(
                connection,
                quoted,
                read.table(),
                read,
                keyType.getFieldNames(),
                keyType.getChildren(),
                keyColumns,
                expression,
                weights,
                replicas,
                local,
                useFinal,
                conditions);
    }

    /**
     * True for engines that replace, collapse or aggregate the rows of a sorting key when parts
     * merge (Replacing, Collapsing, VersionedCollapsing, Summing, Aggregating, Graphite; Replicated
     * too): until then a key may have several rows, and only {@code FINAL} reads what they add up
     * to.
     */
    public static boolean mergesRows(String engineFull) {
        return engineFull.matches(
                "(?s)(Replicated)?(Replacing|Collapsing|VersionedCollapsing|Summing|Aggregating"
                        + "|Graphite)MergeTree.*");
    }

    /** True when keys are read from their shard's local table. */
    public boolean routedByKey() {
        return shardingExpression != null;
    }

    /** The shard router over the key's fields; only when {@link #routedByKey()}. */
    public ShardRouter newRouter() {
        Map<String, ClickHouseType> types = new LinkedHashMap<>();
        for (ClickHouseColumn column : keyColumns) {
            types.put(column.name(), ClickHouseTypeParser.parse(column.type()));
        }
        return ShardRouter.create(
                shardingExpression, keyNames, keyTypes, types, ShardSelector.ofWeights(weights));
    }

    /** Shards read one by one: their count (1 when not routed by key). */
    public int shardCount() {
        return routedByKey() ? shardReplicas.size() : 1;
    }

    /** The connection a shard's reads use (its first replica; all endpoints when not routed). */
    public ClickHouseConnectionOptions connectionOf(int shard) {
        return routedByKey() ? connection.withEndpoints(shardReplicas.get(shard)) : connection;
    }

    /** The table a shard's reads name: its local table, or the table itself. */
    public String tableOf(int shard) {
        return routedByKey() ? local() : table;
    }

    /** What follows FROM for a shard's reads: its table, with FINAL where the engine needs it. */
    public String fromClause(int shard) {
        return tableOf(shard) + (useFinal ? " FINAL" : "");
    }

    /**
     * The pushed filters as a condition to AND with a read's own ({@code "(c1) AND (c2)"}), or
     * empty when there are none.
     */
    public Optional<String> pushedConditions() {
        if (conditions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                String.join(" AND ", conditions.stream().map(c -> "(" + c + ")").toList()));
    }

    private String local() {
        return localTable;
    }

    /** Every table a full load reads, one per shard (the local tables) or the table itself. */
    public List<Integer> shards() {
        List<Integer> shards = new ArrayList<>();
        for (int i = 0; i < shardCount(); i++) {
            shards.add(i);
        }
        return shards;
    }

    /** A lease on each shard's shared client, in shard order (released with the list). */
    List<SharedResources.Lease<Client>> leaseClients() {
        List<SharedResources.Lease<Client>> leased = new ArrayList<>();
        try {
            for (int shard = 0; shard < shardCount(); shard++) {
                leased.add(ClickHouseClients.acquire(connectionOf(shard)));
            }
        } catch (RuntimeException e) {
            Closeables.closeAllQuietly(leased, e);
            throw e;
        }
        return leased;
    }

    public ClickHouseConnectionOptions connection() {
        return connection;
    }

    public ClickHouseReadMapping read() {
        return read;
    }

    public List<String> keyNames() {
        return keyNames;
    }

    public List<LogicalType> keyTypes() {
        return keyTypes;
    }

    /** The key columns as the server describes them, in key order. */
    public List<ClickHouseColumn> keyColumns() {
        return keyColumns;
    }

    /** The table and endpoints, for messages. */
    public String describe() {
        return describe;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseLookupTable that
                && connection.equals(that.connection)
                && table.equals(that.table)
                && read.equals(that.read)
                && keyNames.equals(that.keyNames)
                && keyTypes.equals(that.keyTypes)
                && Objects.equals(shardingExpression, that.shardingExpression)
                && shardReplicas.equals(that.shardReplicas)
                && conditions.equals(that.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, table, read, keyNames, shardingExpression);
    }

    @Override
    public String toString() {
        return "ClickHouseLookupTable{"
                + describe
                + ", key "
                + keyNames
                + (routedByKey() ? ", by shard: " + shardingExpression : "")
                + '}';
    }
}
