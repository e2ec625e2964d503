package dev.flinkext.connector.clickhouse;

import dev.flinkext.connector.clickhouse.client.ClickHouseTables;
import dev.flinkext.connector.clickhouse.cluster.ClickHouseClusterLayout;
import dev.flinkext.connector.clickhouse.cluster.ClickHouseClusterLayouts;
import dev.flinkext.connector.clickhouse.cluster.ShardEndpoints;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptionsResolver;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectorOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;
import dev.flinkext.connector.clickhouse.config.ClickHouseScanOptions;
import dev.flinkext.connector.clickhouse.lookup.ClickHouseLookupTable;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseReadMapping;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.connector.clickhouse.sink.ClickHouseSink;
import dev.flinkext.connector.clickhouse.source.ClickHouseScanTarget;
import dev.flinkext.connector.clickhouse.table.ClickHouseDynamicTableSink;
import dev.flinkext.connector.clickhouse.table.ClickHouseDynamicTableSource;
import dev.flinkext.connector.clickhouse.table.ClickHouseLookupSourceSupport;
import dev.flinkext.connector.clickhouse.table.ClickHouseScanSourceSupport;
import dev.flinkext.lookup.LookupSettings;
import dev.flinkext.lookup.config.LookupCoreOptions;
import dev.flinkext.sink.SinkCoreOptions;
import dev.flinkext.sink.config.SinkWriterOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.util.List;
import java.util.Set;

/**
 * {@code 'connector' = 'clickhouse'}: validates the options and reads the ClickHouse table (its
 * columns, engine, the server's time zone and, for a Distributed table, its layout) at planning
 * time. As a sink it checks the DDL's physical columns against the table (names, types; see {@code
 * mapping.FieldWriters}), reads the engine for the changelog strategy when the DDL has a PRIMARY
 * KEY ({@code sink.upsert-strategy}, {@code sink.ignore-delete}), honours {@code sink.write-local}
 * and creates the sink on sink-core. As a source it scans ({@code scan.*}: each shard's local table
 * of a Distributed table) and serves lookup joins through lookup-core ({@code lookup.*}), every DDL
 * column checked readable ({@code mapping.FieldReaders}).
 */
public final class ClickHouseDynamicTableFactory
        implements DynamicTableSinkFactory, DynamicTableSourceFactory {

    public static final String IDENTIFIER = "clickhouse";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(ClickHouseConnectorOptions.URL, ClickHouseConnectorOptions.TABLE_NAME);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options =
                new java.util.HashSet<>(
                        Set.of(
                                ClickHouseConnectorOptions.DATABASE_NAME,
                                ClickHouseConnectorOptions.USERNAME,
                                ClickHouseConnectorOptions.PASSWORD,
                                ClickHouseConnectorOptions.TLS_TRUST_CERTIFICATE,
                                ClickHouseConnectorOptions.CONNECT_TIMEOUT,
                                ClickHouseConnectorOptions.SOCKET_TIMEOUT,
                                ClickHouseConnectorOptions.COMPRESSION,
                                ClickHouseConnectorOptions.SINK_UPSERT_STRATEGY,
                                ClickHouseConnectorOptions.SINK_IGNORE_DELETE,
                                ClickHouseConnectorOptions.SINK_WRITE_LOCAL,
                                ClickHouseConnectorOptions.REPLICA_URLS,
                                ClickHouseConnectorOptions.SCAN_PARALLELISM,
                                ClickHouseConnectorOptions.SCAN_EXACT_RESUME));
        options.addAll(SinkCoreOptions.allOptionalOptions());
        options.addAll(LookupCoreOptions.allOptionalOptions());
        return options;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validateExcept(ClickHouseConnectorOptions.PROPERTIES_PREFIX);
        ReadableConfig options = helper.getOptions();
        ClickHouseConnectionOptions connection =
                ClickHouseConnectionOptionsResolver.resolve(
                        options, context.getCatalogTable().getOptions());
        String table = ClickHouseConnectionOptionsResolver.tableName(options);
        String database = database(options);
        DataType physical = context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType();
        RowType rowType = (RowType) physical.getLogicalType();
        List<ClickHouseColumn> columns = ClickHouseTables.columns(connection, database, table);
        String describe = ClickHouseTables.describe(connection, database, table);
        java.time.ZoneId zone = ClickHouseSink.serverTimeZone(connection);
        // every column of the DDL must be readable: checked here, at planning time
        ClickHouseReadMapping.resolve(describe, rowType, columns, zone);
        ClickHouseScanOptions scanOptions = ClickHouseScanOptions.fromConfig(options);
        ClickHouseClusterLayout layout = null;
        String engine = ClickHouseTables.engineFull(connection, database, table);
        if (engine.startsWith("Distributed")) {
            layout =
                    ClickHouseClusterLayouts.read(
                            connection, database, table, shardEndpoints(options, connection));
            // the local tables' engine decides FINAL: read on the first shard's first replica
            engine =
                    ClickHouseTables.engineFull(
                            connection.withEndpoints(
                                    List.of(layout.shards().get(0).replicas().get(0).http())),
                            layout.engine().remoteDatabase(),
                            layout.engine().remoteTable());
        }
        ClickHouseLookupSourceSupport lookup =
                new ClickHouseLookupSourceSupport(
                        context.getObjectIdentifier().asSummaryString(),
                        connection,
                        database,
                        table,
                        describe,
                        rowType,
                        columns,
                        zone,
                        layout,
                        LookupSettings.fromConfig(options, context.getConfiguration()),
                        ClickHouseLookupTable.mergesRows(engine));
        ClickHouseScanSourceSupport scan =
                new ClickHouseScanSourceSupport(
                        connection,
                        describe,
                        rowType,
                        columns,
                        zone,
                        ClickHouseScanTarget.of(connection, database, table, layout, engine),
                        ClickHouseLookupTable.mergesRows(engine),
                        scanOptions);
        return new ClickHouseDynamicTableSource(lookup, scan, physical);
    }

    private static String database(ReadableConfig options) {
        String database = options.get(ClickHouseConnectorOptions.DATABASE_NAME);
        if (database == null || database.isBlank()) {
            throw new ValidationException(
                    "Option '"
                            + ClickHouseConnectorOptions.DATABASE_NAME.key()
                            + "' must not be blank.");
        }
        return database;
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        // properties.<setting> are ClickHouse settings, passed through as given
        helper.validateExcept(ClickHouseConnectorOptions.PROPERTIES_PREFIX);
        ReadableConfig options = helper.getOptions();
        ClickHouseConnectionOptions connection =
                ClickHouseConnectionOptionsResolver.resolve(
                        options, context.getCatalogTable().getOptions());
        String table = ClickHouseConnectionOptionsResolver.tableName(options);
        String database = database(options);
        SinkWriterOptions writer = SinkWriterOptions.fromConfig(options);
        Integer parallelism = options.getOptional(SinkCoreOptions.SINK_PARALLELISM).orElse(null);
        if (parallelism != null && parallelism < 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be at least 1).",
                            SinkCoreOptions.SINK_PARALLELISM.key(), parallelism));
        }
        RowType rowType =
                (RowType)
                        context.getCatalogTable()
                                .getResolvedSchema()
                                .toPhysicalRowDataType()
                                .getLogicalType();
        ClickHouseSink sink =
                ClickHouseSink.builder()
                        .connection(connection)
                        .table(database, table)
                        .rowType(rowType)
                        .primaryKey(
                                context.getCatalogTable()
                                        .getResolvedSchema()
                                        .getPrimaryKey()
                                        .map(
                                                org.apache.flink.table.catalog.UniqueConstraint
                                                        ::getColumns)
                                        .orElse(java.util.List.of()))
                        .upsertStrategy(
                                options.get(ClickHouseConnectorOptions.SINK_UPSERT_STRATEGY))
                        .ignoreDelete(options.get(ClickHouseConnectorOptions.SINK_IGNORE_DELETE))
                        .writeLocal(options.get(ClickHouseConnectorOptions.SINK_WRITE_LOCAL))
                        .shardEndpoints(shardEndpoints(options, connection))
                        .options(writer)
                        .build();
        return new ClickHouseDynamicTableSink(sink, parallelism);
    }

    /** {@code replica-urls}, or the default: replicas at their host, port of the first url. */
    private static ShardEndpoints shardEndpoints(
            ReadableConfig options, ClickHouseConnectionOptions connection) {
        ClickHouseEndpoint configured = connection.endpoints().get(0);
        return options.getOptional(ClickHouseConnectorOptions.REPLICA_URLS)
                .map(value -> ShardEndpoints.fromOption(value, configured))
                .orElseGet(() -> ShardEndpoints.sameAsConfigured(configured));
    }
}
