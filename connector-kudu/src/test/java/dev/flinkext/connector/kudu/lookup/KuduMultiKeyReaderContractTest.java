package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.lookup.contract.MultiKeyReaderContract;
import dev.flinkext.testing.kudu.KuduClusterExtension;
import dev.flinkext.testing.process.FreePorts;

import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.annotation.Nullable;

import java.util.List;

/**
 * lookup-core's reader contract against a real Kudu (3 tablet servers, the table in 3 tablets), on
 * the async IN-list reader. A small {@code lookup.in-list.max-size} makes the contract's batches
 * span several scans too.
 */
class KuduMultiKeyReaderContractTest extends MultiKeyReaderContract {

    @RegisterExtension
    static final KuduClusterExtension KUDU =
            new KuduClusterExtension().tabletServers(3).sharedPerJvm();

    /** A port nobody listens on: the masters of the unreachable reader. */
    private static final String CLOSED = "127.0.0.1:" + FreePorts.pick();

    @BeforeAll
    static void createTable() throws Exception {
        KuduContractTables.create(KUDU.client());
    }

    @Override
    protected void emptyStore() throws Exception {
        KuduContractTables.empty(KUDU.client());
    }

    @Override
    protected void store(List<? extends RowData> rows) throws Exception {
        KuduContractTables.write(KUDU.client(), rows);
    }

    @Override
    protected MultiKeyReader createReader(int[] keyColumns, @Nullable int[] projection)
            throws Exception {
        return KuduContractTables.reader(
                KUDU.masterAddresses(),
                KuduContractTables.mapping(KUDU.client(), KUDU.masterAddresses()),
                keyColumns,
                projection,
                2);
    }

    @Override
    protected MultiKeyReader createUnreachableReader(int[] keyColumns) throws Exception {
        return KuduContractTables.reader(
                CLOSED,
                KuduContractTables.mapping(KUDU.client(), KUDU.masterAddresses()),
                keyColumns,
                null,
                2);
    }

    @Override
    protected String unreachableAddress() {
        return CLOSED;
    }
}
