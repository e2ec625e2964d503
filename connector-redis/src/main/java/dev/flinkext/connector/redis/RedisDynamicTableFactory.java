package dev.flinkext.connector.redis;

import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.config.RedisScanOptions;
import dev.flinkext.connector.redis.config.RedisSinkOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.table.RedisDynamicTableSink;
import dev.flinkext.connector.redis.table.RedisDynamicTableSource;
import dev.flinkext.lookup.LookupCoreOptions;
import dev.flinkext.lookup.LookupSettings;

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
        options.add(RedisConnectorOptions.SCAN_MATCH);
        options.add(RedisConnectorOptions.SCAN_COUNT);
        options.addAll(LookupCoreOptions.allOptionalOptions());
        return options;
    }

    private static Set<ConfigOption<?>> writeAndMappingOptions() {
        return Set.of(
                RedisConnectorOptions.MODE,
                RedisConnectorOptions.HOST,
                RedisConnectorOptions.PORT,
                RedisConnectorOptions.NODES,
                RedisConnectorOptions.SENTINEL_MASTER,
                RedisConnectorOptions.SENTINEL_NODES,
                RedisConnectorOptions.SENTINEL_PASSWORD,
                RedisConnectorOptions.DATABASE,
                RedisConnectorOptions.USERNAME,
                RedisConnectorOptions.PASSWORD,
                RedisConnectorOptions.SSL,
                RedisConnectorOptions.SSL_VERIFY_MODE,
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
                RedisConnectorOptions.POOL_MIN_IDLE,
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
                RedisConnectorOptions.SINK_BUFFER_FLUSH_MAX_ROWS,
                RedisConnectorOptions.SINK_BUFFER_FLUSH_INTERVAL,
                RedisConnectorOptions.SINK_MAX_RETRIES,
                RedisConnectorOptions.SINK_RETRY_BACKOFF,
                RedisConnectorOptions.SINK_IGNORE_DELETE,
                RedisConnectorOptions.SINK_TTL,
                RedisConnectorOptions.SINK_PARALLELISM);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        Optional<EncodingFormat<SerializationSchema<RowData>>> valueFormat =
                helper.discoverOptionalEncodingFormat(
                        SerializationFormatFactory.class, RedisConnectorOptions.VALUE_FORMAT);
        // unknown options (typos, options of another connector) fail here, named
        helper.validateExcept(RedisConnectorOptions.VALUE_FORMAT.key() + ".");
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
        helper.validateExcept(RedisConnectorOptions.VALUE_FORMAT.key() + ".");
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
        LookupSettings lookupSettings = LookupSettings.fromConfig(options);
        RedisTableMapping mapping = mapping(context, options, valueFormat.isPresent());
        return new RedisDynamicTableSource(
                tableName,
                connectionOptions(options),
                mapping,
                valueFormat.orElse(null),
                physicalRowType,
                lookupSettings,
                scanOptions(options),
                lookupSettings.readThreads());
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
        return RedisTableMapping.resolve(names, types, primaryKey, options, hasValueFormat);
    }

    static RedisScanOptions scanOptions(ReadableConfig options) {
        try {
            return RedisScanOptions.fromConfig(options);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Redis table: " + e.getMessage(), e);
        }
    }

    static RedisConnectionOptions connectionOptions(ReadableConfig options) {
        try {
            return RedisConnectionOptions.fromConfig(options);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Redis table: " + e.getMessage(), e);
        }
    }

    static RedisSinkOptions sinkOptions(ReadableConfig options) {
        try {
            return RedisSinkOptions.fromConfig(options);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Redis table: " + e.getMessage(), e);
        }
    }
}
