package dev.flinkext.connector.clickhouse.lookup;

import dev.flinkext.lookup.contract.ContractTable;
import dev.flinkext.lookup.contract.FullCacheLoaderContract;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.process.FreePorts;

import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.annotation.Nullable;

import java.util.List;

/** lookup-core's FULL loader contract against a real 18.16 server. */
class ClickHouseFullCacheLoaderContractTest extends FullCacheLoaderContract {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static final String CLOSED = "127.0.0.1:" + FreePorts.pick();

    @BeforeAll
    static void createTable() {
        ClickHouseContractTables.create(CLICKHOUSE.server());
    }

    @Override
    protected void emptyStore() {
        ClickHouseContractTables.empty(CLICKHOUSE.server());
    }

    @Override
    protected void store(List<? extends RowData> rows) throws Exception {
        ClickHouseContractTables.write(CLICKHOUSE.server(), rows);
    }

    @Override
    protected FullCacheLoader createLoader(@Nullable int[] projection) {
        return new ClickHouseFullCacheLoader(
                ClickHouseContractTables.table(
                        CLICKHOUSE.server(),
                        CLICKHOUSE.server().httpUrl(),
                        ContractTable.PRIMARY_KEY,
                        projection));
    }

    @Override
    protected FullCacheLoader createUnreachableLoader() {
        return new ClickHouseFullCacheLoader(
                ClickHouseContractTables.table(
                        CLICKHOUSE.server(), "http://" + CLOSED, ContractTable.PRIMARY_KEY, null));
    }

    @Override
    protected String unreachableAddress() {
        return CLOSED;
    }
}
