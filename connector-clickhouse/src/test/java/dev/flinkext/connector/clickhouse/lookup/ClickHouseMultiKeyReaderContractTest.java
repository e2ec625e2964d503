package dev.flinkext.connector.clickhouse.lookup;

import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.lookup.contract.MultiKeyReaderContract;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.process.FreePorts;

import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.annotation.Nullable;

import java.util.List;

/** lookup-core's reader contract against a real 18.16 server, on the IN-list reader. */
class ClickHouseMultiKeyReaderContractTest extends MultiKeyReaderContract {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    /** A port nobody listens on. */
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
    protected MultiKeyReader createReader(int[] keyColumns, @Nullable int[] projection) {
        return new ClickHouseMultiKeyReader(
                "contract",
                ClickHouseContractTables.table(
                        CLICKHOUSE.server(), CLICKHOUSE.server().httpUrl(), keyColumns, projection),
                2);
    }

    @Override
    protected MultiKeyReader createUnreachableReader(int[] keyColumns) {
        return new ClickHouseMultiKeyReader(
                "contract",
                ClickHouseContractTables.table(
                        CLICKHOUSE.server(), "http://" + CLOSED, keyColumns, null),
                2);
    }

    @Override
    protected String unreachableAddress() {
        return CLOSED;
    }
}
