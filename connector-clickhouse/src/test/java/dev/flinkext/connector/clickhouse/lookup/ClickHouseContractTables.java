package dev.flinkext.connector.clickhouse.lookup;

import dev.flinkext.connector.clickhouse.client.ClickHouseClients;
import dev.flinkext.connector.clickhouse.client.ClickHouseTables;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseReadMapping;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowMapping;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowWriter;
import dev.flinkext.connector.clickhouse.mapping.RowBinaryOutput;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.lookup.contract.ContractTable;
import dev.flinkext.testing.clickhouse.ClickHouseServer;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.data.ClickHouseFormat;

import javax.annotation.Nullable;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * lookup-core's {@link ContractTable} as a ClickHouse ReplacingMergeTree table (the contract's
 * {@code store} replaces a key's row; reads use FINAL), for the contract tests.
 */
final class ClickHouseContractTables {

    static final String TABLE = "contract";

    private ClickHouseContractTables() {}

    static void create(ClickHouseServer server) {
        server.execute(
                "CREATE TABLE IF NOT EXISTS default."
                        + TABLE
                        + " (k1 Int32, k2 String, name Nullable(String),"
                        + " amount Nullable(Decimal(10, 2))) ENGINE = ReplacingMergeTree ORDER BY (k1, k2)");
    }

    static void empty(ClickHouseServer server) {
        server.execute("TRUNCATE TABLE default." + TABLE);
    }

    static void write(ClickHouseServer server, List<? extends RowData> rows) throws Exception {
        ClickHouseConnectionOptions options =
                ClickHouseConnectionOptions.builder(server.httpUrl()).build();
        List<ClickHouseColumn> columns = ClickHouseTables.columns(options, "default", TABLE);
        ClickHouseRowWriter writer =
                ClickHouseRowMapping.resolve(
                                "'contract'", ContractTable.ROW_TYPE, columns, ZoneOffset.UTC)
                        .newRowWriter();
        RowBinaryOutput out = new RowBinaryOutput(1024);
        for (RowData row : rows) {
            writer.write(row, out);
        }
        try (Client client = ClickHouseClients.create(options);
                InsertResponse ignored =
                        client.insert(
                                        "default." + TABLE,
                                        out.asInputStream(),
                                        ClickHouseFormat.RowBinary)
                                .get(60, TimeUnit.SECONDS)) {
            // stored
        }
    }

    /** The contract table's lookup over {@code url}, with the columns read from {@code server}. */
    static ClickHouseLookupTable table(
            ClickHouseServer server, String url, int[] keyColumns, @Nullable int[] projection) {
        ClickHouseConnectionOptions schema =
                ClickHouseConnectionOptions.builder(server.httpUrl()).build();
        List<ClickHouseColumn> columns = ClickHouseTables.columns(schema, "default", TABLE);
        RowType produced = ContractTable.projectedType(projection);
        ClickHouseReadMapping read =
                ClickHouseReadMapping.resolve("'contract'", produced, columns, ZoneOffset.UTC);
        List<RowType.RowField> keyFields = new ArrayList<>();
        for (int column : keyColumns) {
            keyFields.add(ContractTable.ROW_TYPE.getFields().get(column));
        }
        return ClickHouseLookupTable.resolve(
                ClickHouseConnectionOptions.builder(url)
                        .connectTimeout(java.time.Duration.ofSeconds(2))
                        .socketTimeout(java.time.Duration.ofSeconds(5))
                        .build(),
                "default",
                TABLE,
                read,
                new RowType(false, keyFields),
                columns,
                null,
                true,
                List.of());
    }
}
