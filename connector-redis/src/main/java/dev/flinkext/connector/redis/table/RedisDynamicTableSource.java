package dev.flinkext.connector.redis.table;

import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisMode;
import dev.flinkext.connector.redis.config.RedisScanOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.lookup.RedisFullCacheLoader;
import dev.flinkext.connector.redis.lookup.RedisLookupKeys;
import dev.flinkext.connector.redis.lookup.RedisMultiKeyReader;
import dev.flinkext.connector.redis.lookup.RedisSlotPartitioning;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder;
import dev.flinkext.connector.redis.source.RedisKeyScanner;
import dev.flinkext.connector.redis.source.RedisSource;
import dev.flinkext.lookup.LookupProviderBuilder;
import dev.flinkext.lookup.LookupSettings;
import dev.flinkext.lookup.keys.ProjectedLookupKeys;
import dev.flinkext.lookup.partition.LookupShuffle;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsLookupCustomShuffle;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a STRING or HASH Redis table: lookups (sync or async-batched, with lookup-core's caches,
 * FULL loaded by SCAN) through {@link RedisMultiKeyReader} / {@link RedisFullCacheLoader}, and a
 * bounded scan through {@link RedisSource}.
 *
 * <p>Projection push-down (top-level columns): the produced rows hold only the projected columns. A
 * scan of a HASH with one field per column then fetches only those fields ({@code HMGET}), and a
 * scan that keeps only key columns fetches no values. The planner pushes projections into lookup
 * sources too, so {@code LookupContext.getKeys()} index the projected row: they are mapped back to
 * physical columns for the Redis key, and lookups produce projected rows.
 */
public final class RedisDynamicTableSource
        implements ScanTableSource,
                LookupTableSource,
                SupportsProjectionPushDown,
                SupportsLookupCustomShuffle {

    private final String tableName;
    private final RedisConnectionOptions connection;
    private final RedisTableMapping mapping;
    private final @Nullable DecodingFormat<DeserializationSchema<RowData>> valueFormat;
    private final DataType physicalRowType;
    private final LookupSettings lookup;
    private final RedisScanOptions scan;

    /** This instance's lookup partitioning, for the planner's LOOKUP shuffle (own per copy). */
    private final LookupShuffle shuffle = new LookupShuffle();

    /** The produced columns' physical positions, or null for all; set by applyProjection. */
    private @Nullable int[] projection;

    private DataType producedType;

    public RedisDynamicTableSource(
            String tableName,
            RedisConnectionOptions connection,
            RedisTableMapping mapping,
            @Nullable DecodingFormat<DeserializationSchema<RowData>> valueFormat,
            DataType physicalRowType,
            LookupSettings lookup,
            RedisScanOptions scan) {
        this.tableName = tableName;
        this.connection = connection;
        this.mapping = mapping;
        this.valueFormat = valueFormat;
        this.physicalRowType = physicalRowType;
        this.lookup = lookup;
        this.scan = scan;
        this.producedType = physicalRowType;
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        int[] positions = new int[projectedFields.length];
        for (int i = 0; i < projectedFields.length; i++) {
            if (projectedFields[i].length != 1) { // supportsNestedProjection() is false
                throw new IllegalArgumentException(
                        "Redis table " + tableName + " got a nested projection");
            }
            positions[i] = projectedFields[i][0];
        }
        this.projection = positions;
        this.producedType = producedDataType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        RedisKeyScanner scanner = new RedisKeyScanner(decoder(context), scan.match(), scan.count());
        return SourceProvider.of(
                new RedisSource(connection, scanner, context.createTypeInformation(producedType)));
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        // the keys index the produced (projected) row; Redis keys and checks need physical columns.
        // Refuses lookup keys that miss a Redis key column, at planning time.
        RedisLookupKeys keys =
                RedisLookupKeys.of(
                        tableName,
                        mapping,
                        ProjectedLookupKeys.toPhysical(context.getKeys(), projection));
        RedisRowDecoder decoder = decoder(context);
        LookupProviderBuilder provider =
                lookup.provider(
                                tableName,
                                context, // the FULL cache indexes the loaded rows by these keys
                                (RowType) producedType.getLogicalType())
                        .shuffle(shuffle)
                        .reader(
                                new RedisMultiKeyReader(
                                        tableName, connection, decoder, keys, lookup.readThreads()))
                        .fullLoader(
                                new RedisFullCacheLoader(
                                        connection,
                                        new RedisKeyScanner(decoder, scan.match(), scan.count())));
        // SCAN may return a key twice (the keyspace rehashed meanwhile): keep one row per Redis
        // key (and hash field); a produced row without these columns cannot tell copies apart
        ProjectedLookupKeys.toProduced(rowIdentity(), projection)
                .ifPresent(provider::deduplicateFullLoadsBy);
        if (connection.mode() == RedisMode.CLUSTER) {
            // route each key to the subtask of its hash slot's range: a subtask then reads one or
            // two masters, and its FULL cache loads the keys of that range (the reader's own keys)
            provider.partitioning(RedisSlotPartitioning.of(keys));
        }
        return provider.build();
    }

    /** The partitioning of the lookup built last (the planner asks right after building it). */
    @Override
    public Optional<InputDataPartitioner> getPartitioner() {
        return shuffle.partitioner();
    }

    /** The physical columns that identify a row in Redis: the key's, plus the hash field's. */
    private int[] rowIdentity() {
        int[] keyColumns = mapping.keyPositions();
        if (mapping.fieldPosition() < 0) {
            return keyColumns;
        }
        int[] identity = Arrays.copyOf(keyColumns, keyColumns.length + 1);
        identity[keyColumns.length] = mapping.fieldPosition();
        return identity;
    }

    private RedisRowDecoder decoder(DynamicTableSource.Context context) {
        DeserializationSchema<RowData> format = null;
        if (mapping.usesValueFormat()) {
            DataType formatted =
                    Projection.of(mapping.valueFormatPositions()).project(physicalRowType);
            format = Objects.requireNonNull(valueFormat).createRuntimeDecoder(context, formatted);
        }
        RedisRowDecoder decoder = RedisRowDecoder.of(mapping, format);
        return projection == null ? decoder : decoder.withProjection(projection);
    }

    @Override
    public DynamicTableSource copy() {
        RedisDynamicTableSource copy =
                new RedisDynamicTableSource(
                        tableName, connection, mapping, valueFormat, physicalRowType, lookup, scan);
        copy.projection = projection;
        copy.producedType = producedType;
        return copy;
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

    /** Value equality (the planner compares sources, e.g. when it reuses a scan). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedisDynamicTableSource that)) {
            return false;
        }
        return tableName.equals(that.tableName)
                && connection.equals(that.connection)
                && mapping.equals(that.mapping)
                && Objects.equals(valueFormat, that.valueFormat)
                && physicalRowType.equals(that.physicalRowType)
                && lookup.equals(that.lookup)
                && scan.equals(that.scan)
                && Arrays.equals(projection, that.projection)
                && producedType.equals(that.producedType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                tableName, connection, mapping, physicalRowType, lookup, scan, producedType);
    }
}
