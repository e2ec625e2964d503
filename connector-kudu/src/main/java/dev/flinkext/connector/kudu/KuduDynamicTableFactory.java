package dev.flinkext.connector.kudu;

import dev.flinkext.connector.kudu.client.KuduTables;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduConnectionOptionsResolver;
import dev.flinkext.connector.kudu.config.KuduConnectorOptions;
import dev.flinkext.connector.kudu.config.KuduScanOptions;
import dev.flinkext.connector.kudu.config.KuduSinkOptions;
import dev.flinkext.connector.kudu.lookup.KuduBucketPartitioning;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMappingResolver;
import dev.flinkext.connector.kudu.sink.KuduSink;
import dev.flinkext.connector.kudu.table.KuduDynamicTableSink;
import dev.flinkext.connector.kudu.table.KuduDynamicTableSource;
import dev.flinkext.connector.kudu.table.KuduLookupSourceSupport;
import dev.flinkext.lookup.LookupSettings;
import dev.flinkext.lookup.config.LookupCoreOptions;
import dev.flinkext.sink.SinkCoreOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.kudu.Schema;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code 'connector' = 'kudu'}: validates the options, reads the Kudu table's schema at planning
 * time, checks the DDL against it (columns, types; the primary key for writes) and creates the
 * source (scan and lookup) or the sink.
 */
public final class KuduDynamicTableFactory
        implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    public static final String IDENTIFIER = "kudu";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(KuduConnectorOptions.MASTERS, KuduConnectorOptions.TABLE_NAME);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(KuduConnectorOptions.connectionOptions());
        options.addAll(SinkCoreOptions.allOptionalOptions());
        options.add(KuduConnectorOptions.SINK_IGNORE_NOT_FOUND);
        options.add(KuduConnectorOptions.SINK_IGNORE_DUPLICATE);
        options.add(KuduConnectorOptions.SCAN_PARALLELISM);
        options.add(KuduConnectorOptions.SCAN_MODE);
        options.add(KuduConnectorOptions.SCAN_CONTINUOUS_INTERVAL);
        options.add(KuduConnectorOptions.SCAN_PARTITION_DISCOVERY_INTERVAL);
        options.addAll(LookupCoreOptions.allOptionalOptions());
        options.add(KuduConnectorOptions.LOOKUP_IN_LIST_MAX_SIZE);
        return options;
    }

    /**
     * Options that say how to reach the data, never which data: a compiled plan restored with other
     * masters (a moved cluster) or longer timeouts means the same job. The table name and the sink
     * options are not among them.
     */
    @Override
    public Set<ConfigOption<?>> forwardOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(KuduConnectorOptions.connectionOptions());
        options.add(KuduConnectorOptions.MASTERS);
        return options;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        KuduConnectionOptions connection = KuduConnectionOptionsResolver.resolve(options);
        String tableName = KuduConnectionOptionsResolver.tableName(options);
        KuduScanOptions scanOptions = KuduScanOptions.fromConfig(options);
        LookupSettings lookup = LookupSettings.fromConfig(options, context.getConfiguration());
        int maxInList = options.get(KuduConnectorOptions.LOOKUP_IN_LIST_MAX_SIZE);
        if (maxInList < 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be at least 1).",
                            KuduConnectorOptions.LOOKUP_IN_LIST_MAX_SIZE.key(), maxInList));
        }
        Map.Entry<Schema, List<KuduBucketPartitioning.Dimension>> table =
                KuduTables.read(
                        connection,
                        tableName,
                        t -> Map.entry(t.getSchema(), KuduBucketPartitioning.dimensionsOf(t)));
        KuduTableMapping mapping =
                resolveMapping(context, connection, tableName, false, table.getKey());
        return new KuduDynamicTableSource(
                connection,
                scanOptions,
                new KuduLookupSourceSupport(
                        context.getObjectIdentifier().asSummaryString(),
                        connection,
                        mapping,
                        lookup,
                        maxInList,
                        table.getValue()),
                mapping,
                context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType());
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        KuduConnectionOptions connection = KuduConnectionOptionsResolver.resolve(options);
        String tableName = KuduConnectionOptionsResolver.tableName(options);
        KuduSinkOptions sinkOptions = KuduSinkOptions.fromConfig(options);
        KuduTableMapping mapping =
                resolveMapping(
                        context,
                        connection,
                        tableName,
                        true,
                        KuduTables.schemaOf(connection, tableName));
        return new KuduDynamicTableSink(
                KuduSink.builder()
                        .connection(connection)
                        .options(sinkOptions)
                        .mapping(mapping)
                        .build());
    }

    /** Reads the Kudu schema and checks the DDL's physical columns against it. */
    private static KuduTableMapping resolveMapping(
            DynamicTableFactory.Context context,
            KuduConnectionOptions connection,
            String tableName,
            boolean forWrite,
            Schema kudu) {
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        DataType physicalRowType = schema.toPhysicalRowDataType();
        List<String> names = DataType.getFieldNames(physicalRowType);
        List<LogicalType> types =
                DataType.getFieldDataTypes(physicalRowType).stream()
                        .map(DataType::getLogicalType)
                        .toList();
        List<String> primaryKey =
                schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());
        return KuduTableMappingResolver.resolve(
                tableName, connection.masterAddresses(), names, types, primaryKey, kudu, forWrite);
    }
}
