package dev.flinkext.lookup.full;

import dev.flinkext.lookup.contract.ContractTable;
import dev.flinkext.lookup.contract.FullCacheLoaderContract;

import org.apache.flink.table.data.RowData;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The in-memory test loader keeps the loader contract: the contract passes on a correct loader. */
class InMemoryFullCacheLoaderContractTest extends FullCacheLoaderContract {

    private final Map<RowData, RowData> rows = new LinkedHashMap<>();
    private InMemoryFullCacheLoader loader;

    @Override
    protected void emptyStore() {
        rows.clear();
        loader = InMemoryFullCacheLoader.create();
    }

    /** Two splits, by k1's parity: a key lives in one split. */
    @Override
    protected void store(List<? extends RowData> written) {
        for (RowData row : written) {
            rows.put(ContractTable.keyOf(row, ContractTable.PRIMARY_KEY), row);
        }
        List<RowData> even = new ArrayList<>();
        List<RowData> odd = new ArrayList<>();
        for (RowData row : rows.values()) {
            (row.getInt(ContractTable.K1) % 2 == 0 ? even : odd).add(row);
        }
        loader.state().data = List.of(even, odd);
    }

    @Override
    protected FullCacheLoader createLoader(@Nullable int[] projection) {
        return projection == null
                ? loader
                : loader.withProjection(ContractTable.ROW_TYPE, projection);
    }

    @Override
    protected FullCacheLoader createUnreachableLoader() {
        InMemoryFullCacheLoader unreachable = InMemoryFullCacheLoader.create();
        unreachable.state().data = List.of(List.of(ContractTable.ANN));
        unreachable.state().unreachable = true;
        return unreachable;
    }

    @Override
    protected String unreachableAddress() {
        return InMemoryFullCacheLoader.ADDRESS;
    }
}
