package dev.flinkext.connector.redis;

import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisConnectionOptionsResolver;
import dev.flinkext.connector.redis.config.RedisConnectorOptions;
import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.config.RedisScanOptions;
import dev.flinkext.connector.redis.config.RedisSinkOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.config.RedisTableMappingResolver;
import dev.flinkext.connector.redis.table.RedisDynamicTableSink;
import dev.flinkext.connector.redis.table.RedisDynamicTableSource;
import dev.flinkext.lookup.LookupSettings;
import dev.flinkext.lookup.config.LookupCoreOptions;
import dev.flinkext.sink.SinkCoreOptions;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code 'connector' = 'redis'}: validates the options, builds the option objects and the table
 * mapping, and creates the sink and the source (lookup and scan; STRING and HASH tables).
 */
public final class RedisDynamicTableFactory
        implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    public static final String IDENTIFIER = "redis";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(writeAndMappingOptions());
        options.addAll(SinkCoreOptions.allOptionalOptions());
        options.add(RedisConnectorOptions.SCAN_MATCH);
        options.add(RedisConnectorOptions.SCAN_COUNT);
        options.addAll(LookupCoreOptions.allOptionalOptions());
        return options;
    }

    /**
     * Options that say how to reach the data, never which data or its shape: a compiled plan may be
     * restored with other values (a rotated password or truststore, a moved server, longer
     * timeouts, a bigger pool) and still mean the same job. Left out: the mode (it decides which
     * address options apply), the database, the data type and key/value mapping (they change what
     * the rows are), the format, and the sink, lookup and scan options (they change the job's
     * behaviour, and their owners decide separately).
     */
    @Override
    public Set<ConfigOption<?>> forwardOptions() {
        return Set.of(
                RedisConnectorOptions.HOST,
                RedisConnectorOptions.PORT,
                RedisConnectorOptions.NODES,
                RedisConnectorOptions.SENTINEL_MASTER,
                RedisConnectorOptions.SENTINEL_NODES,
                RedisConnectorOptions.SENTINEL_PASSWORD,
                RedisConnectorOptions.USERNAME,
                RedisConnectorOptions.PASSWORD,
                RedisConnectorOptions.SSL_TRUSTSTORE_PATH,
                RedisConnectorOptions.SSL_TRUSTSTORE_PASSWORD,
                RedisConnectorOptions.SSL_TRUSTSTORE_TYPE,
                RedisConnectorOptions.SSL_KEYSTORE_PATH,
                RedisConnectorOptions.SSL_KEYSTORE_PASSWORD,
                RedisConnectorOptions.SSL_KEYSTORE_TYPE,
                RedisConnectorOptions.CONNECT_TIMEOUT,
                RedisConnectorOptions.TIMEOUT,
                RedisConnectorOptions.POOL_MAX_TOTAL,
                RedisConnectorOptions.POOL_MAX_IDLE,
                RedisConnectorOptions.POOL_MIN_IDLE);
    }

    /** Every option but the sink-core, lookup-core and scan ones: reaching the server, mapping. */
    private Set<ConfigOption<?>> writeAndMappingOptions() {
        Set<ConfigOption<?>> options =
                new HashSet<>(forwardOptions()); // addresses, auth, TLS, pools
        options.addAll(
                Set.of(
                        RedisConnectorOptions.MODE,
                        RedisConnectorOptions.DATABASE,
                        RedisConnectorOptions.SSL,
                        RedisConnectorOptions.SSL_VERIFY_MODE,
                        RedisConnectorOptions.DATA_TYPE,
                        RedisConnectorOptions.KEY_PREFIX,
                        RedisConnectorOptions.KEY_SEPARATOR,
                        RedisConnectorOptions.KEY_FIELDS,
                        RedisConnectorOptions.VALUE_COLUMN,
                        RedisConnectorOptions.VALUE_FORMAT,
                        RedisConnectorOptions.VALUE_FIELDS_INCLUDE,
                        RedisConnectorOptions.HASH_FIELD_COLUMN,
                        RedisConnectorOptions.SCORE_COLUMN,
                        RedisConnectorOptions.SCORE_MODE,
                        RedisConnectorOptions.LIST_PUSH,
                        RedisConnectorOptions.PUBLISH_CHANNEL,
                        RedisConnectorOptions.SINK_IGNORE_DELETE,
                        RedisConnectorOptions.SINK_TTL));
        return options;
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        Optional<EncodingFormat<SerializationSchema<RowData>>> valueFormat =
                helper.discoverOptionalEncodingFormat(
                        SerializationFormatFactory.class, RedisConnectorOptions.VALUE_FORMAT);
        // unknown options (typos, another connector's options, a misspelt 'value.format.*' or
        // 'value.<format>.*' key) fail here, named: the discovered format declared its own options
        helper.validate();
        ReadableConfig options = helper.getOptions();

        return new RedisDynamicTableSink(
                connectionOptions(options),
                sinkOptions(options),
                mapping(context, options, valueFormat.isPresent()),
                valueFormat.orElse(null),
                context.getPhysicalRowDataType());
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        Optional<DecodingFormat<DeserializationSchema<RowData>>> valueFormat =
                helper.discoverOptionalDecodingFormat(
                        DeserializationFormatFactory.class, RedisConnectorOptions.VALUE_FORMAT);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String tableName = context.getObjectIdentifier().asSummaryString();

        RedisDataType dataType = options.get(RedisConnectorOptions.DATA_TYPE);
        if (dataType != RedisDataType.STRING && dataType != RedisDataType.HASH) {
            throw new ValidationException(
                    "Redis table "
                            + tableName
                            + " cannot be read (lookup join or scan): 'data-type' = '"
                            + dataType
                            + "' can only be written. Reading needs 'data-type' = 'STRING' or"
                            + " 'HASH'.");
        }
        DataType physicalRowType = context.getPhysicalRowDataType();
        LookupSettings lookupSettings =
                LookupSettings.fromConfig(options, context.getConfiguration());
        RedisTableMapping mapping = mapping(context, options, valueFormat.isPresent());
        return new RedisDynamicTableSource(
                tableName,
                connectionOptions(options),
                mapping,
                valueFormat.orElse(null),
                physicalRowType,
                lookupSettings,
                scanOptions(options));
    }

    private static RedisTableMapping mapping(
            Context context, ReadableConfig options, boolean hasValueFormat) {
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        DataType physicalRowType = schema.toPhysicalRowDataType();
        List<String> names = DataType.getFieldNames(physicalRowType);
        List<LogicalType> types =
                DataType.getFieldDataTypes(physicalRowType).stream()
                        .map(DataType::getLogicalType)
                        .toList();
        List<String> primaryKey =
                schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());
        return RedisTableMappingResolver.resolve(names, types, primaryKey, options, hasValueFormat);
    }

    static RedisScanOptions scanOptions(ReadableConfig options) {
        return RedisScanOptions.fromConfig(options);
    }

    static RedisConnectionOptions connectionOptions(ReadableConfig options) {
        return RedisConnectionOptionsResolver.resolve(options);
    }

    /** Throws a ValidationException naming the option where a value is bad. */
    static RedisSinkOptions sinkOptions(ReadableConfig options) {
        return RedisSinkOptions.fromConfig(options);
    }
}
