package dev.flinkext.benchmarks.lookup;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * A lookup source that only delegates lookups and does not implement {@code
 * SupportsLookupCustomShuffle} (nor projection push-down): the planner's lookup shuffle hint then
 * falls back to a hash of the join key. The delegate is told the planner prefers no custom shuffle,
 * so it builds its unpartitioned lookup (a FULL cache of the whole table).
 */
final class HashShuffleLookupSource implements LookupTableSource {

    private final LookupTableSource delegate;

    HashShuffleLookupSource(LookupTableSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        return delegate.getLookupRuntimeProvider(
                new LookupContext() {
                    @Override
                    public int[][] getKeys() {
                        return context.getKeys();
                    }

                    @Override
                    public boolean preferCustomShuffle() {
                        return false;
                    }

                    @Override
                    public <T> TypeInformation<T> createTypeInformation(DataType type) {
                        return context.createTypeInformation(type);
                    }

                    @Override
                    public <T> TypeInformation<T> createTypeInformation(LogicalType type) {
                        return context.createTypeInformation(type);
                    }

                    @Override
                    public DataStructureConverter createDataStructureConverter(DataType type) {
                        return context.createDataStructureConverter(type);
                    }
                });
    }

    @Override
    public DynamicTableSource copy() {
        return new HashShuffleLookupSource((LookupTableSource) delegate.copy());
    }

    @Override
    public String asSummaryString() {
        return "HashShuffle(" + delegate.asSummaryString() + ")";
    }
}
