package dev.flinkext.connector.kudu.table;

import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reads a Kudu table in lookup joins ({@code JOIN kudu_dim FOR SYSTEM_TIME AS OF s.proc}); the
 * lookup itself is {@link KuduLookupSourceSupport}'s. Projection push-down (top-level columns):
 * lookups produce, and scan from Kudu, only the columns the query uses.
 */
public final class KuduDynamicTableSource implements LookupTableSource, SupportsProjectionPushDown {

    private final KuduLookupSourceSupport lookup;
    private final DataType physicalRowType;

    /** The produced columns' physical positions, or null for all; set by applyProjection. */
    private @Nullable int[] projection;

    private DataType producedType;

    public KuduDynamicTableSource(KuduLookupSourceSupport lookup, DataType physicalRowType) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.physicalRowType = Objects.requireNonNull(physicalRowType, "physicalRowType");
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
            positions[i] = projectedFields[i][0]; // top-level only: supportsNestedProjection()
        }
        this.projection = positions;
        this.producedType = producedDataType;
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        return lookup.provider(context, projection, (RowType) producedType.getLogicalType());
    }

    @Override
    public DynamicTableSource copy() {
        KuduDynamicTableSource copy = new KuduDynamicTableSource(lookup, physicalRowType);
        copy.projection = projection == null ? null : projection.clone();
        copy.producedType = producedType;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Kudu(table '"
                + lookup.mapping().tableName()
                + "' on masters "
                + lookup.connection().masterAddresses()
                + ")";
    }

    /** Value equality (the planner compares sources). */
    @Override
    public boolean equals(Object o) {
        return o instanceof KuduDynamicTableSource that
                && lookup.equals(that.lookup)
                && physicalRowType.equals(that.physicalRowType)
                && Arrays.equals(projection, that.projection)
                && producedType.equals(that.producedType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lookup, physicalRowType, producedType);
    }
}
