package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.connector.clickhouse.cluster.ClickHouseClusterLayout;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.lookup.ClickHouseFullCacheLoader;
import dev.flinkext.connector.clickhouse.lookup.ClickHouseLookupTable;
import dev.flinkext.connector.clickhouse.lookup.ClickHouseMultiKeyReader;
import dev.flinkext.connector.clickhouse.lookup.ClickHouseShardPartitioning;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseReadMapping;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.lookup.LookupProviderBuilder;
import dev.flinkext.lookup.LookupSettings;
import dev.flinkext.lookup.keys.ProjectedLookupKeys;
import dev.flinkext.lookup.partition.LookupShuffle;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything a ClickHouse table source needs for lookup joins, so the source class only delegates:
 * lookup-core's runtime provider (caches, sync or async batching, FULL loads) from the table's
 * options, the planner's lookup context and the produced (projected) row type. Built at planning
 * time with what the server said of the table (its columns, time zone and, for a Distributed table,
 * its layout).
 */
public final class ClickHouseLookupSourceSupport {

    private final String tableName;
    private final ClickHouseConnectionOptions connection;
    private final String database;
    private final String table;
    private final String describe;
    private final RowType physicalType;
    private final List<ClickHouseColumn> columns;
    private final ZoneId serverZone;
    private final @Nullable ClickHouseClusterLayout layout;
    private final LookupSettings lookup;
    private final boolean useFinal;

    /**
     * @param describe the table and endpoints, for messages
     * @param layout the layout when the table is Distributed, else null
     * @param useFinal the (local) table's engine merges rows: reads use FINAL
     */
    public ClickHouseLookupSourceSupport(
            String tableName,
            ClickHouseConnectionOptions connection,
            String database,
            String table,
            String describe,
            RowType physicalType,
            List<ClickHouseColumn> columns,
            ZoneId serverZone,
            @Nullable ClickHouseClusterLayout layout,
            LookupSettings lookup,
            boolean useFinal) {
        this.tableName = tableName;
        this.connection = connection;
        this.database = database;
        this.table = table;
        this.describe = describe;
        this.physicalType = physicalType;
        this.columns = List.copyOf(columns);
        this.serverZone = serverZone;
        this.layout = layout;
        this.lookup = lookup;
        this.useFinal = useFinal;
    }

    /**
     * @param projection the produced columns' physical positions, null when nothing was projected
     * @param producedType the produced row type, after projection push-down
     * @param shuffle where the source's {@code getPartitioner()} finds this lookup's partitioning
     * @param conditions filters the planner pushed into the source: every read applies them
     */
    public LookupTableSource.LookupRuntimeProvider provider(
            LookupTableSource.LookupContext context,
            @Nullable int[] projection,
            RowType producedType,
            LookupShuffle shuffle,
            List<String> conditions) {
        int[][] keys = ProjectedLookupKeys.toPhysical(context.getKeys(), projection);
        List<RowType.RowField> keyFields = new ArrayList<>();
        for (int[] key : keys) {
            if (key.length != 1) {
                throw new ValidationException(
                        "ClickHouse table "
                                + describe
                                + " cannot be looked up by a nested field "
                                + Arrays.toString(key)
                                + "; join on top-level columns.");
            }
            keyFields.add(physicalType.getFields().get(key[0]));
        }
        ClickHouseReadMapping read =
                ClickHouseReadMapping.resolve(describe, producedType, columns, serverZone);
        ClickHouseLookupTable lookupTable =
                ClickHouseLookupTable.resolve(
                        connection,
                        database,
                        table,
                        read,
                        new RowType(false, keyFields),
                        columns,
                        layout,
                        useFinal,
                        conditions);
        LookupProviderBuilder provider =
                lookup.provider(tableName, context, producedType)
                        .shuffle(shuffle)
                        .reader(
                                new ClickHouseMultiKeyReader(
                                        tableName, lookupTable, lookup.readThreads()))
                        .fullLoader(new ClickHouseFullCacheLoader(lookupTable));
        if (lookupTable.routedByKey()) {
            // partitioned lookups: each subtask's keys on as few shards as possible
            provider.partitioning(new ClickHouseShardPartitioning(lookupTable));
        }
        return provider.build();
    }

    public LookupSettings lookupSettings() {
        return lookup;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseLookupSourceSupport that
                && tableName.equals(that.tableName)
                && connection.equals(that.connection)
                && database.equals(that.database)
                && table.equals(that.table)
                && physicalType.equals(that.physicalType)
                && lookup.equals(that.lookup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tableName, connection, database, table, physicalType, lookup);
    }
}
