package dev.flinkext.connector.clickhouse.table;

import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.util.Objects;

/**
 * The SQL face of a ClickHouse table as a source: lookup joins ({@code JOIN ... FOR SYSTEM_TIME AS
 * OF}) through {@link ClickHouseLookupSourceSupport}, reading only the columns the query uses.
 */
public final class ClickHouseDynamicTableSource
        implements LookupTableSource, SupportsProjectionPushDown {

    private final ClickHouseLookupSourceSupport lookup;
    private DataType producedDataType;
    private @Nullable int[] projection;

    public ClickHouseDynamicTableSource(
            ClickHouseLookupSourceSupport lookup, DataType physicalDataType) {
        this(lookup, physicalDataType, null);
    }

    private ClickHouseDynamicTableSource(
            ClickHouseLookupSourceSupport lookup,
            DataType producedDataType,
            @Nullable int[] projection) {
        this.lookup = lookup;
        this.producedDataType = producedDataType;
        this.projection = projection;
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        return lookup.provider(context, projection, (RowType) producedDataType.getLogicalType());
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
    public DynamicTableSource copy() {
        return new ClickHouseDynamicTableSource(
                lookup, producedDataType, projection == null ? null : projection.clone());
    }

    @Override
    public String asSummaryString() {
        return "ClickHouse";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseDynamicTableSource that
                && lookup.equals(that.lookup)
                && producedDataType.equals(that.producedDataType)
                && java.util.Arrays.equals(projection, that.projection);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lookup, producedDataType);
    }
}
