package dev.flinkext.connector.redis.table;

import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisScanOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.lookup.RedisFullCacheLoader;
import dev.flinkext.connector.redis.lookup.RedisLookupKeys;
import dev.flinkext.connector.redis.lookup.RedisMultiKeyReader;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder;
import dev.flinkext.connector.redis.source.RedisKeyScanner;
import dev.flinkext.connector.redis.source.RedisSource;
import dev.flinkext.lookup.LookupSettings;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.util.Objects;

/**
 * Reads a STRING or HASH Redis table: lookups (sync or async-batched, with lookup-core's caches,
 * FULL loaded by SCAN) through {@link RedisMultiKeyReader} / {@link RedisFullCacheLoader}, and a
 * bounded scan through {@link RedisSource}. No projection push-down: every column is read (a HASH
 * scan could HMGET only the projected fields; not done yet).
 */
public final class RedisDynamicTableSource implements ScanTableSource, LookupTableSource {

    private final String tableName;
    private final RedisConnectionOptions connection;
    private final RedisTableMapping mapping;
    private final @Nullable DecodingFormat<DeserializationSchema<RowData>> valueFormat;
    private final DataType physicalRowType;
    private final LookupSettings lookup;
    private final RedisScanOptions scan;
    private final int readThreads;

    public RedisDynamicTableSource(
            String tableName,
            RedisConnectionOptions connection,
            RedisTableMapping mapping,
            @Nullable DecodingFormat<DeserializationSchema<RowData>> valueFormat,
            DataType physicalRowType,
            LookupSettings lookup,
            RedisScanOptions scan,
            int readThreads) {
        this.tableName = tableName;
        this.connection = connection;
        this.mapping = mapping;
        this.valueFormat = valueFormat;
        this.physicalRowType = physicalRowType;
        this.lookup = lookup;
        this.scan = scan;
        this.readThreads = readThreads;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        RedisKeyScanner scanner = new RedisKeyScanner(decoder(context), scan.match(), scan.count());
        return SourceProvider.of(
                new RedisSource(
                        connection, scanner, context.createTypeInformation(physicalRowType)));
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        // refuses lookup keys that miss a Redis key column, at planning time
        RedisLookupKeys keys = RedisLookupKeys.of(tableName, mapping, context.getKeys());
        RedisRowDecoder decoder = decoder(context);
        return lookup.createProvider(
                tableName,
                (RowType) physicalRowType.getLogicalType(),
                context.getKeys(),
                new RedisMultiKeyReader(tableName, connection, decoder, keys, readThreads),
                new RedisFullCacheLoader(
                        connection, new RedisKeyScanner(decoder, scan.match(), scan.count())));
    }

    private RedisRowDecoder decoder(DynamicTableSource.Context context) {
        DeserializationSchema<RowData> format = null;
        if (mapping.usesValueFormat()) {
            DataType formatted =
                    Projection.of(mapping.valueFormatPositions()).project(physicalRowType);
            format = Objects.requireNonNull(valueFormat).createRuntimeDecoder(context, formatted);
        }
        return RedisRowDecoder.of(mapping, format);
    }

    @Override
    public DynamicTableSource copy() {
        return new RedisDynamicTableSource(
                tableName,
                connection,
                mapping,
                valueFormat,
                physicalRowType,
                lookup,
                scan,
                readThreads);
    }

    @Override
    public String asSummaryString() {
        return "Redis(" + mapping.dataType() + " on " + connection.describeAddresses() + ")";
    }

    public RedisTableMapping mapping() {
        return mapping;
    }

    public LookupSettings lookupSettings() {
        return lookup;
    }
}
