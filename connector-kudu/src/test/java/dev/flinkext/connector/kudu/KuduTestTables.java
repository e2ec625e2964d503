package dev.flinkext.connector.kudu;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.ColumnTypeAttributes;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.RowResult;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Creates Kudu tables and reads them back with plain kudu-client, for the connector's tests. */
public final class KuduTestTables {

    private KuduTestTables() {}

    public static ColumnSchema key(String name, Type type) {
        return new ColumnSchema.ColumnSchemaBuilder(name, type).key(true).build();
    }

    public static ColumnSchema nullable(String name, Type type) {
        return new ColumnSchema.ColumnSchemaBuilder(name, type).nullable(true).build();
    }

    public static ColumnSchema notNull(String name, Type type) {
        return new ColumnSchema.ColumnSchemaBuilder(name, type).nullable(false).build();
    }

    public static ColumnSchema decimal(String name, int precision, int scale) {
        return new ColumnSchema.ColumnSchemaBuilder(name, Type.DECIMAL)
                .nullable(true)
                .typeAttributes(
                        new ColumnTypeAttributes.ColumnTypeAttributesBuilder()
                                .precision(precision)
                                .scale(scale)
                                .build())
                .build();
    }

    public static ColumnSchema varchar(String name, int length) {
        return new ColumnSchema.ColumnSchemaBuilder(name, Type.VARCHAR)
                .nullable(true)
                .typeAttributes(
                        new ColumnTypeAttributes.ColumnTypeAttributesBuilder()
                                .length(length)
                                .build())
                .build();
    }

    /** Creates (or re-creates) a table, hash partitioned on its key into 2 tablets, 1 replica. */
    public static KuduTable create(KuduClient client, String name, ColumnSchema... columns)
            throws Exception {
        if (client.tableExists(name)) {
            client.deleteTable(name);
        }
        Schema schema = new Schema(List.of(columns));
        List<String> keys =
                schema.getPrimaryKeyColumns().stream().map(ColumnSchema::getName).toList();
        client.createTable(
                name,
                schema,
                new CreateTableOptions().addHashPartitions(keys, 2).setNumReplicas(1));
        return client.openTable(name);
    }

    /** Every row of {@code table}, each mapped by {@code read}. */
    public static <T> List<T> scan(KuduClient client, String table, Function<RowResult, T> read)
            throws Exception {
        List<T> rows = new ArrayList<>();
        KuduScanner scanner = client.newScannerBuilder(client.openTable(table)).build();
        while (scanner.hasMoreRows()) {
            for (RowResult row : scanner.nextRows()) {
                rows.add(read.apply(row));
            }
        }
        scanner.close();
        return rows;
    }
}
