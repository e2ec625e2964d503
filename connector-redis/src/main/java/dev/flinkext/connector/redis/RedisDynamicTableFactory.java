package dev.flinkext.connector.redis;

import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisSinkOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.table.RedisDynamicTableSink;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code 'connector' = 'redis'}: validates the options, builds the option objects and the table
 * mapping, and creates the sink. (The source, lookup and scan, comes in a later change.)
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

        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        DataType physicalRowType = schema.toPhysicalRowDataType();
        List<String> names = DataType.getFieldNames(physicalRowType);
        List<LogicalType> types =
                DataType.getFieldDataTypes(physicalRowType).stream()
                        .map(DataType::getLogicalType)
                        .toList();
        List<String> primaryKey =
                schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());

        RedisTableMapping mapping =
                RedisTableMapping.resolve(
                        names, types, primaryKey, options, valueFormat.isPresent());
        return new RedisDynamicTableSink(
                connectionOptions(options),
                sinkOptions(options),
                mapping,
                valueFormat.orElse(null),
                physicalRowType);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        throw new ValidationException(
                "Reading from Redis (lookup joins and scans) is not yet supported by 'connector' ="
                        + " 'redis'; table '"
                        + context.getObjectIdentifier().asSummaryString()
                        + "' can only be written to for now.");
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
