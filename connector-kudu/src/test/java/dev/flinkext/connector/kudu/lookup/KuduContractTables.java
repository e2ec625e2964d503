package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduConnectionOptionsResolver;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMappingResolver;
import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.lookup.contract.ContractTable;
import dev.flinkext.lookup.full.FullCacheLoader;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.data.RowData;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.ColumnTypeAttributes;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.Operation;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.RowResult;
import org.apache.kudu.client.SessionConfiguration;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lookup contracts' {@link ContractTable} as a Kudu table ({@code k1 INT32, k2 STRING} primary
 * key, hash partitioned into 3 tablets), and the one place the contract tests build Kudu readers
 * and loaders: from the table's SQL options and the Kudu schema, as the table source does. Rows are
 * written and deleted with plain kudu-client, never through the connector.
 */
final class KuduContractTables {

    static final String TABLE = "lookup_contract";

    private KuduContractTables() {}

    static void create(KuduClient client) throws Exception {
        if (client.tableExists(TABLE)) {
            return;
        }
        Schema schema =
                new Schema(
                        List.of(
                                new ColumnSchema.ColumnSchemaBuilder("k1", Type.INT32)
                                        .key(true)
                                        .build(),
                                new ColumnSchema.ColumnSchemaBuilder("k2", Type.STRING)
                                        .key(true)
                                        .build(),
                                new ColumnSchema.ColumnSchemaBuilder("name", Type.STRING)
                                        .nullable(true)
                                        .build(),
                                new ColumnSchema.ColumnSchemaBuilder("amount", Type.DECIMAL)
                                        .nullable(true)
                                        .typeAttributes(
                                                new ColumnTypeAttributes
                                                                .ColumnTypeAttributesBuilder()
                                                        .precision(10)
                                                        .scale(2)
                                                        .build())
                                        .build()));
        client.createTable(
                TABLE,
                schema,
                new CreateTableOptions()
                        .addHashPartitions(List.of("k1", "k2"), 3)
                        .setNumReplicas(1));
    }

    /** Options as a DDL's WITH clause has them. */
    static Configuration options(String masters) {
        return Configuration.fromMap(
                Map.of(
                        "masters",
                        masters,
                        "table-name",
                        TABLE,
                        "client.admin-timeout",
                        "3 s",
                        "client.operation-timeout",
                        "3 s"));
    }

    /** The mapping of the contract DDL, checked against the real table's schema. */
    static KuduTableMapping mapping(KuduClient client, String masters) throws Exception {
        return KuduTableMappingResolver.resolve(
                TABLE,
                masters,
                ContractTable.COLUMN_NAMES,
                ContractTable.COLUMN_TYPES,
                List.of("k1", "k2"),
                client.openTable(TABLE).getSchema(),
                false);
    }

    /**
     * A reader at {@code masters} (perhaps unreachable) for the table of {@code mapping}.
     *
     * @param maxInList {@code lookup.in-list.max-size}
     */
    static MultiKeyReader reader(
            String masters,
            KuduTableMapping mapping,
            int[] keyColumns,
            @Nullable int[] projection,
            int maxInList) {
        KuduConnectionOptions connection = KuduConnectionOptionsResolver.resolve(options(masters));
        return new KuduMultiKeyReader(connection, mapping, keyColumns, projection, maxInList);
    }

    static FullCacheLoader loader(
            String masters, KuduTableMapping mapping, @Nullable int[] projection) {
        KuduConnectionOptions connection = KuduConnectionOptionsResolver.resolve(options(masters));
        return new KuduFullCacheLoader(connection, mapping, projection);
    }

    /** Deletes every row. */
    static void empty(KuduClient client) throws Exception {
        KuduTable table = client.openTable(TABLE);
        List<Operation> deletes = new ArrayList<>();
        KuduScanner scanner =
                client.newScannerBuilder(table)
                        .setProjectedColumnNames(List.of("k1", "k2"))
                        .build();
        while (scanner.hasMoreRows()) {
            for (RowResult row : scanner.nextRows()) {
                Operation delete = table.newDelete();
                delete.getRow().addInt("k1", row.getInt("k1"));
                delete.getRow().addString("k2", row.getString("k2"));
                deletes.add(delete);
            }
        }
        apply(client, deletes);
    }

    /** Upserts {@code rows} of {@link ContractTable#ROW_TYPE}. */
    static void write(KuduClient client, List<? extends RowData> rows) throws Exception {
        KuduTable table = client.openTable(TABLE);
        List<Operation> upserts = new ArrayList<>();
        for (RowData row : rows) {
            Operation upsert = table.newUpsert();
            PartialRow out = upsert.getRow();
            out.addInt("k1", row.getInt(ContractTable.K1));
            out.addString("k2", row.getString(ContractTable.K2).toString());
            if (row.isNullAt(ContractTable.NAME)) {
                out.setNull("name");
            } else {
                out.addString("name", row.getString(ContractTable.NAME).toString());
            }
            if (row.isNullAt(ContractTable.AMOUNT)) {
                out.setNull("amount");
            } else {
                out.addDecimal(
                        "amount", row.getDecimal(ContractTable.AMOUNT, 10, 2).toBigDecimal());
            }
            upserts.add(upsert);
        }
        apply(client, upserts);
    }

    private static void apply(KuduClient client, List<Operation> operations) throws Exception {
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        try {
            for (Operation operation : operations) {
                session.apply(operation);
            }
            session.flush().stream()
                    .filter(r -> r.hasRowError())
                    .findFirst()
                    .ifPresent(
                            r -> {
                                throw new IllegalStateException(r.getRowError().toString());
                            });
        } finally {
            session.close();
        }
    }
}
