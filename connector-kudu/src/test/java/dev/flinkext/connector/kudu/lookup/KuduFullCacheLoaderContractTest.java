package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.lookup.contract.FullCacheLoaderContract;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.testing.kudu.KuduClusterExtension;
import dev.flinkext.testing.process.FreePorts;

import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.annotation.Nullable;

import java.util.List;

/**
 * lookup-core's FULL cache loader contract against a real Kudu: 3 tablet servers, the table in 3
 * tablets, so a load is 3 splits read in parallel from different servers.
 */
class KuduFullCacheLoaderContractTest extends FullCacheLoaderContract {

    @RegisterExtension
    static final KuduClusterExtension KUDU =
            new KuduClusterExtension().tabletServers(3).sharedPerJvm();

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
    protected FullCacheLoader createLoader(@Nullable int[] projection) throws Exception {
        return KuduContractTables.loader(
                KUDU.masterAddresses(),
                KuduContractTables.mapping(KUDU.client(), KUDU.masterAddresses()),
                projection);
    }

    @Override
    protected FullCacheLoader createUnreachableLoader() throws Exception {
        return KuduContractTables.loader(
                CLOSED, KuduContractTables.mapping(KUDU.client(), KUDU.masterAddresses()), null);
    }

    @Override
    protected String unreachableAddress() {
        return CLOSED;
    }
}
