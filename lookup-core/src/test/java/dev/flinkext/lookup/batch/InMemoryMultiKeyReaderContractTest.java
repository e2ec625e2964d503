package dev.flinkext.lookup.batch;

import dev.flinkext.lookup.contract.ContractTable;
import dev.flinkext.lookup.contract.MultiKeyReaderContract;
import dev.flinkext.lookup.testing.InMemoryMultiKeyReader;

import org.apache.flink.table.data.RowData;

import javax.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The in-memory test store keeps the reader contract: the contract passes on a correct reader. */
class InMemoryMultiKeyReaderContractTest extends MultiKeyReaderContract {

    private static final String UNREACHABLE = "unreachable.example:6379";

    private final Map<RowData, RowData> rows = new LinkedHashMap<>();
    private InMemoryMultiKeyReader store;

    @Override
    protected void emptyStore() {
        rows.clear();
        store = InMemoryMultiKeyReader.create();
    }

    @Override
    protected void store(List<? extends RowData> written) {
        for (RowData row : written) {
            rows.put(ContractTable.keyOf(row, ContractTable.PRIMARY_KEY), row);
        }
        store.replaceRows(rows.values());
    }

    @Override
    protected MultiKeyReader createReader(int[] keyColumns, @Nullable int[] projection) {
        return InMemoryMultiKeyReader.builder()
                .sameStoreAs(store)
                .table(ContractTable.ROW_TYPE, keyColumns)
                .projection(projection)
                .build();
    }

    @Override
    protected MultiKeyReader createUnreachableReader(int[] keyColumns) {
        InMemoryMultiKeyReader reader =
                InMemoryMultiKeyReader.builder()
                        .address(UNREACHABLE)
                        .table(ContractTable.ROW_TYPE, keyColumns)
                        .build();
        reader.setFailing(true);
        return reader;
    }

    @Override
    protected String unreachableAddress() {
        return UNREACHABLE;
    }
}
