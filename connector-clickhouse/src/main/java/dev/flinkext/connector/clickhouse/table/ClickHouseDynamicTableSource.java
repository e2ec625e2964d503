package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.connector.clickhouse.source.ClickHouseScanQuery;
import dev.flinkext.lookup.partition.LookupShuffle;

import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLookupCustomShuffle;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SQL face of a ClickHouse table as a source.
 *
 * <ul>
 *   <li>Scan: a bounded, insert-only {@link
 *       dev.flinkext.connector.clickhouse.source.ClickHouseSource} at {@code scan.parallelism}, one
 *       split per shard and partition, with projection, filter ({@link ClickHouseFilterConverter}:
 *       only filters ClickHouse evaluates exactly as Flink would; the rest stay in Flink) and limit
 *       push-down, through {@link ClickHouseScanSourceSupport}.
 *   <li>Lookup ({@code JOIN ... FOR SYSTEM_TIME AS OF}): {@link ClickHouseLookupSourceSupport}; the
 *       planner pushes a condition on the dimension in the join's ON clause through {@link
 *       #applyFilters} too, and every lookup read applies the accepted ones.
 * </ul>
 *
 * Both read only the columns the query uses.
 */
public final class ClickHouseDynamicTableSource
        implements ScanTableSource,
                LookupTableSource,
                SupportsProjectionPushDown,
                SupportsFilterPushDown,
                SupportsLimitPushDown,
                SupportsLookupCustomShuffle {

    private final ClickHouseLookupSourceSupport lookup;
    private final ClickHouseScanSourceSupport scan;
    private DataType producedDataType;
    private @Nullable int[] projection;
    private List<String> conditions = new ArrayList<>();
    private long limit = ClickHouseScanQuery.NO_LIMIT;

    /** This instance's lookup partitioning, for the planner's LOOKUP shuffle (own per copy). */
    private final LookupShuffle shuffle = new LookupShuffle();

    public ClickHouseDynamicTableSource(
            ClickHouseLookupSourceSupport lookup,
            ClickHouseScanSourceSupport scan,
            DataType physicalDataType) {
        this.lookup = lookup;
        this.scan = scan;
        this.producedDataType = physicalDataType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        return scan.provider(context, producedDataType, conditions, limit);
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        // the planner pushes conditions on the dimension of a lookup join here too
        return lookup.provider(
                context,
                projection,
                (RowType) producedDataType.getLogicalType(),
                shuffle,
                conditions);
    }

    /** The partitioning of the lookup built last (the planner asks right after building it). */
    @Override
    public Optional<InputDataPartitioner> getPartitioner() {
        return shuffle.partitioner();
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        int[] top = new int[projectedFields.length];
        for (int i = 0; i < top.length; i++) {
            int field = projectedFields[i][0];
            top[i] = projection == null ? field : projection[field];
        }
        this.projection = top;
        this.producedDataType = producedDataType;
    }

    @Override
    public Result applyFilters(List<ResolvedExpression> candidates) {
        List<ResolvedExpression> accepted = new ArrayList<>();
        List<ResolvedExpression> remaining = new ArrayList<>();
        for (ResolvedExpression candidate : candidates) {
            Optional<String> condition = scan.convert(candidate);
            if (condition.isPresent()) {
                conditions.add(condition.get());
                accepted.add(candidate);
            } else {
                remaining.add(candidate);
            }
        }
        return Result.of(accepted, remaining);
    }

    /** The planner keeps its own limit above the source; each split stops after as many rows. */
    @Override
    public void applyLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public DynamicTableSource copy() {
        ClickHouseDynamicTableSource copy =
                new ClickHouseDynamicTableSource(lookup, scan, producedDataType);
        copy.projection = projection == null ? null : projection.clone();
        copy.conditions = new ArrayList<>(conditions);
        copy.limit = limit;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "ClickHouse";
    }

    /** The pushed-down conditions so far, for tests and plans. */
    public List<String> conditions() {
        return List.copyOf(conditions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseDynamicTableSource that
                && lookup.equals(that.lookup)
                && scan.equals(that.scan)
                && producedDataType.equals(that.producedDataType)
                && Arrays.equals(projection, that.projection)
                && conditions.equals(that.conditions)
                && limit == that.limit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lookup, producedDataType, conditions, limit);
    }
}
