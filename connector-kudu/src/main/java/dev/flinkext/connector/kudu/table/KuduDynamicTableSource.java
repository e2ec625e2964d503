package dev.flinkext.connector.kudu.table;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduScanOptions;
import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.source.KuduFilter;
import dev.flinkext.connector.kudu.source.KuduScanSpec;
import dev.flinkext.connector.kudu.source.KuduSource;
import dev.flinkext.lookup.partition.LookupShuffle;

import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLookupCustomShuffle;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kudu table read by SQL, scanned or looked up.
 *
 * <ul>
 *   <li>Scan: the SQL face of {@link KuduSource}, a bounded, insert-only scan at {@code
 *       scan.parallelism} with projection (top-level columns), filter and limit push-down, all
 *       evaluated by the tablet servers. Accepted filters are exact ({@link KuduFilterConverter}),
 *       so only the others are left to Flink. With {@code scan.mode = continuous}, an unbounded
 *       changelog (all row kinds) of the snapshot and then the changes, with filters pushed on
 *       primary-key columns only.
 *   <li>Lookup ({@code JOIN kudu_dim FOR SYSTEM_TIME AS OF s.proc}): {@link
 *       KuduLookupSourceSupport}'s batched IN-list scans and lookup-core's caches, reading only the
 *       projected columns.
 * </ul>
 *
 * The column mapping was checked against the Kudu table by the factory.
 */
public final class KuduDynamicTableSource
        implements ScanTableSource,
                LookupTableSource,
                SupportsProjectionPushDown,
                SupportsFilterPushDown,
                SupportsLimitPushDown,
                SupportsLookupCustomShuffle {

    private final KuduConnectionOptions connection;
    private final KuduScanOptions scanOptions;
    private final KuduLookupSourceSupport lookup;

    /** Every physical column of the DDL, as the factory resolved them. */
    private final KuduTableMapping mapping;

    private DataType producedDataType;
    private int[] projection;

    /** This instance's lookup partitioning, for the planner's LOOKUP shuffle (own per copy). */
    private final LookupShuffle shuffle = new LookupShuffle();

    private List<KuduFilter> filters = new ArrayList<>();
    private long limit = KuduScanSpec.NO_LIMIT;

    public KuduDynamicTableSource(
            KuduConnectionOptions connection,
            KuduScanOptions scanOptions,
            KuduLookupSourceSupport lookup,
            KuduTableMapping mapping,
            DataType physicalRowDataType) {
        this.connection = connection;
        this.scanOptions = scanOptions;
        this.lookup = lookup;
        this.mapping = mapping;
        this.producedDataType = physicalRowDataType;
        this.projection = allColumns(mapping.columns().size());
    }

    private static int[] allColumns(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return scanOptions.continuous() ? ChangelogMode.all() : ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        KuduSource.Builder source =
                KuduSource.builder()
                        .connection(connection)
                        .mapping(producedMapping())
                        .filters(filters)
                        .producedType(context.createTypeInformation(producedDataType));
        if (scanOptions.continuous()) {
            source.continuous(scanOptions.continuousInterval())
                    .partitionDiscovery(scanOptions.partitionDiscoveryInterval());
        } else if (limit != KuduScanSpec.NO_LIMIT) {
            source.limit(limit);
        }
        return SourceProvider.of(source.build(), scanOptions.parallelismOrNull());
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        // the planner pushes conditions on the dimension of a lookup join here too
        return lookup.provider(
                context, projection, (RowType) producedDataType.getLogicalType(), shuffle, filters);
    }

    /** The partitioning of the lookup built last (the planner asks right after building it). */
    @Override
    public Optional<InputDataPartitioner> getPartitioner() {
        return shuffle.partitioner();
    }

    /** The produced columns, in the produced row's order. */
    KuduTableMapping producedMapping() {
        List<KuduColumnMapping> produced = new ArrayList<>(projection.length);
        for (int index : projection) {
            produced.add(mapping.columns().get(index));
        }
        return new KuduTableMapping(mapping.tableName(), produced, mapping.primaryKey());
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        int[] top = new int[projectedFields.length];
        for (int i = 0; i < top.length; i++) {
            top[i] = projection[projectedFields[i][0]];
        }
        this.projection = top;
        this.producedDataType = producedDataType;
    }

    @Override
    public Result applyFilters(List<ResolvedExpression> candidates) {
        Map<String, KuduColumnMapping> byName = new LinkedHashMap<>();
        mapping.columns().forEach(c -> byName.put(c.name(), c));
        KuduFilterConverter converter = new KuduFilterConverter(byName);
        List<ResolvedExpression> accepted = new ArrayList<>();
        List<ResolvedExpression> remaining = new ArrayList<>();
        for (ResolvedExpression candidate : candidates) {
            Optional<List<KuduFilter>> converted = converter.convert(candidate);
            if (converted.isPresent()
                    && (!scanOptions.continuous() || onKeyColumns(converted.get()))) {
                filters.addAll(converted.get());
                accepted.add(candidate);
            } else {
                remaining.add(candidate);
            }
        }
        return Result.of(accepted, remaining);
    }

    /**
     * A continuous scan keeps only filters on Kudu's primary-key columns: a key never changes, so a
     * row matches them before and after any change alike, and the diff scans stay exact. Filters on
     * other columns stay in Flink, which applies them to each changelog row.
     */
    private boolean onKeyColumns(List<KuduFilter> converted) {
        return converted.stream().allMatch(f -> mapping.primaryKey().contains(f.column()));
    }

    /**
     * The planner keeps its own limit above the source; pushing it lets each tablet scanner and
     * each reader stop early. A continuous scan ignores it (it never ends).
     */
    @Override
    public void applyLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public DynamicTableSource copy() {
        KuduDynamicTableSource copy =
                new KuduDynamicTableSource(
                        connection, scanOptions, lookup, mapping, producedDataType);
        copy.projection = projection.clone();
        copy.filters = new ArrayList<>(filters);
        copy.limit = limit;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Kudu(" + mapping.tableName() + ")";
    }

    /** The filters pushed so far, for tests and plans. */
    public List<KuduFilter> filters() {
        return List.copyOf(filters);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KuduDynamicTableSource that
                && connection.equals(that.connection)
                && scanOptions.equals(that.scanOptions)
                && lookup.equals(that.lookup)
                && mapping.equals(that.mapping)
                && producedDataType.equals(that.producedDataType)
                && Arrays.equals(projection, that.projection)
                && filters.equals(that.filters)
                && limit == that.limit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, scanOptions, mapping, Arrays.hashCode(projection), limit);
    }
}
