package dev.flinkext.connector.clickhouse;

import dev.flinkext.connector.clickhouse.cluster.ShardEndpoints;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptionsResolver;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectorOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;
import dev.flinkext.connector.clickhouse.sink.ClickHouseSink;
import dev.flinkext.connector.clickhouse.table.ClickHouseDynamicTableSink;
import dev.flinkext.sink.SinkCoreOptions;
import dev.flinkext.sink.config.SinkWriterOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

import java.util.Set;

/**
 * {@code 'connector' = 'clickhouse'}, the sink only for now: validates the options, reads the
 * ClickHouse table's columns and the server's time zone at planning time, checks the DDL's physical
 * columns against them (names, types; see {@code mapping.FieldWriters}), reads the engine for the
 * changelog strategy when the DDL has a PRIMARY KEY ({@code sink.upsert-strategy}, {@code
 * sink.ignore-delete}) and creates the sink on sink-core ({@code sink.buffer-flush.*}, {@code
 * sink.max-retries}, {@code sink.parallelism}, ...). The lookup and scan sources are still to come.
 */
public final class ClickHouseDynamicTableFactory implements DynamicTableSinkFactory {

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
                                ClickHouseConnectorOptions.REPLICA_URLS));
        options.addAll(SinkCoreOptions.allOptionalOptions());
        return options;
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
        String database = options.get(ClickHouseConnectorOptions.DATABASE_NAME);
        if (database == null || database.isBlank()) {
            throw new ValidationException(
                    "Option '"
                            + ClickHouseConnectorOptions.DATABASE_NAME.key()
                            + "' must not be blank.");
        }
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
