package dev.flinkext.catalog.kudu;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.ColumnTypeAttributes;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.RowResult;
import org.apache.kudu.client.Upsert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalog over Kudu tables created with plain kudu-client: listing (plain, dotted and {@code
 * impala::} names), DESCRIBE (keys, NOT NULL, comments, every type), SELECT, INSERT INTO and lookup
 * joins on catalog tables, and the missing-table error. (Flink 2.2's DESCRIBE shows a comment
 * column only when some column has a comment.)
 */
class KuduCatalogReadSqlTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU = new KuduClusterExtension().sharedPerJvm();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @BeforeAll
    static void createTables() throws Exception {
        KuduClient client = KUDU.client();
        create(
                client,
                "plain_t",
                "a table in the default database",
                col("id", Type.INT64).key(true).build(),
                col("name", Type.STRING).nullable(true).comment("the name").build());
        create(
                client,
                "shop.orders",
                null,
                col("customer", Type.STRING).key(true).build(),
                col("order_no", Type.INT32).key(true).build(),
                col("amount", Type.DECIMAL)
                        .nullable(false)
                        .typeAttributes(
                                new ColumnTypeAttributes.ColumnTypeAttributesBuilder()
                                        .precision(12)
                                        .scale(2)
                                        .build())
                        .build(),
                col("note", Type.STRING).nullable(true).build());
        create(
                client,
                "impala::shop.customers",
                null,
                col("customer", Type.STRING).key(true).build(),
                col("city", Type.STRING).nullable(true).build());
        create(
                client,
                "impala::other.dim",
                null,
                col("k", Type.INT32).key(true).build(),
                col("v", Type.STRING).nullable(true).build());
        create(
                client,
                "every_type",
                null,
                col("k8", Type.INT8).key(true).build(),
                col("i16", Type.INT16).nullable(true).build(),
                col("i32", Type.INT32).nullable(true).build(),
                col("i64", Type.INT64).nullable(false).build(),
                col("b", Type.BOOL).nullable(true).build(),
                col("f", Type.FLOAT).nullable(true).build(),
                col("d", Type.DOUBLE).nullable(true).build(),
                col("dec", Type.DECIMAL)
                        .nullable(true)
                        .typeAttributes(
                                new ColumnTypeAttributes.ColumnTypeAttributesBuilder()
                                        .precision(38)
                                        .scale(10)
                                        .build())
                        .build(),
                col("s", Type.STRING).nullable(true).build(),
                col("vc", Type.VARCHAR)
                        .nullable(true)
                        .typeAttributes(
                                new ColumnTypeAttributes.ColumnTypeAttributesBuilder()
                                        .length(20)
                                        .build())
                        .build(),
                col("bin", Type.BINARY).nullable(true).build(),
                col("dt", Type.DATE).nullable(true).build(),
                col("ts", Type.UNIXTIME_MICROS).nullable(true).build());

        KuduSession session = client.newSession();
        KuduTable customers = client.openTable("impala::shop.customers");
        for (String[] c : new String[][] {{"alice", "Oslo"}, {"bob", "Lyon"}}) {
            Upsert upsert = customers.newUpsert();
            upsert.getRow().addString("customer", c[0]);
            upsert.getRow().addString("city", c[1]);
            session.apply(upsert);
        }
        KuduTable orders = client.openTable("shop.orders");
        Object[][] rows = {{"alice", 1, "10.50"}, {"alice", 2, "3.25"}, {"bob", 1, "7.00"}};
        for (Object[] o : rows) {
            Upsert upsert = orders.newUpsert();
            PartialRow row = upsert.getRow();
            row.addString("customer", (String) o[0]);
            row.addInt("order_no", (Integer) o[1]);
            row.addDecimal("amount", new BigDecimal((String) o[2]));
            session.apply(upsert);
        }
        KuduTable every = client.openTable("every_type");
        Upsert upsert = every.newUpsert();
        PartialRow row = upsert.getRow();
        row.addByte("k8", (byte) -7);
        row.addShort("i16", (short) 300);
        row.addInt("i32", 70000);
        row.addLong("i64", 1L << 40);
        row.addBoolean("b", true);
        row.addFloat("f", 1.5f);
        row.addDouble("d", -2.25);
        row.addDecimal("dec", new BigDecimal("1234.5678901234"));
        row.addString("s", "héllo");
        row.addVarchar("vc", "short");
        row.addBinary("bin", new byte[] {0, 1, (byte) 255});
        row.addDate("dt", Date.valueOf(LocalDate.of(2024, 2, 29)));
        row.addLong("ts", 1_700_000_000_123_456L);
        session.apply(upsert);
        session.flush();
        session.close();
    }

    static ColumnSchema.ColumnSchemaBuilder col(String name, Type type) {
        return new ColumnSchema.ColumnSchemaBuilder(name, type);
    }

    static void create(KuduClient client, String name, String comment, ColumnSchema... columns)
            throws Exception {
        if (client.tableExists(name)) {
            client.deleteTable(name);
        }
        Schema schema = new Schema(List.of(columns));
        List<String> keys =
                schema.getPrimaryKeyColumns().stream().map(ColumnSchema::getName).toList();
        CreateTableOptions options =
                new CreateTableOptions().addHashPartitions(keys, 2).setNumReplicas(1);
        if (comment != null) {
            options.setComment(comment);
        }
        client.createTable(name, schema, options);
    }

    static String createCatalog() {
        return "CREATE CATALOG kudu WITH ('type' = 'kudu', 'masters' = '"
                + KUDU.masterAddresses()
                + "', 'client.admin-timeout' = '20 s')";
    }

    static List<String> rows(TableEnvironment env, String statement) {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(statement).collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        return out;
    }

    static FlinkSql sqlInCatalog(FlinkSql sql) {
        sql.tableEnv().executeSql(createCatalog());
        sql.tableEnv().executeSql("USE CATALOG kudu");
        return sql;
    }

    @Test
    void listsDatabasesAndTablesFromKuduNames() {
        TableEnvironment env = sqlInCatalog(FlinkSql.batch()).tableEnv();
        assertThat(rows(env, "SHOW DATABASES")).contains("+I[default]", "+I[shop]", "+I[other]");
        assertThat(rows(env, "SHOW TABLES")).contains("+I[plain_t]", "+I[every_type]");
        assertThat(rows(env, "SHOW TABLES IN shop")).containsExactly("+I[customers]", "+I[orders]");
        assertThat(rows(env, "SHOW TABLES IN other")).containsExactly("+I[dim]");
        assertThatThrownBy(() -> rows(env, "SHOW TABLES IN nowhere"))
                .hasMessageContaining("nowhere");
    }

    @Test
    void describeKeepsKeysAndNotNull() {
        TableEnvironment env = sqlInCatalog(FlinkSql.batch()).tableEnv();
        List<String> orders = rows(env, "DESCRIBE shop.orders");
        assertThat(orders)
                .containsExactly(
                        "+I[customer, STRING, false, PRI(customer, order_no), null, null]",
                        "+I[order_no, INT, false, PRI(customer, order_no), null, null]",
                        "+I[amount, DECIMAL(12, 2), false, null, null, null]",
                        "+I[note, STRING, true, null, null, null]");
        assertThat(rows(env, "DESCRIBE `default`.plain_t"))
                .containsExactly(
                        "+I[id, BIGINT, false, PRI(id), null, null, null]",
                        "+I[name, STRING, true, null, null, null, the name]");
        assertThat(rows(env, "DESCRIBE every_type"))
                .containsExactly(
                        "+I[k8, TINYINT, false, PRI(k8), null, null]",
                        "+I[i16, SMALLINT, true, null, null, null]",
                        "+I[i32, INT, true, null, null, null]",
                        "+I[i64, BIGINT, false, null, null, null]",
                        "+I[b, BOOLEAN, true, null, null, null]",
                        "+I[f, FLOAT, true, null, null, null]",
                        "+I[d, DOUBLE, true, null, null, null]",
                        "+I[dec, DECIMAL(38, 10), true, null, null, null]",
                        "+I[s, STRING, true, null, null, null]",
                        "+I[vc, VARCHAR(20), true, null, null, null]",
                        "+I[bin, BYTES, true, null, null, null]",
                        "+I[dt, DATE, true, null, null, null]",
                        "+I[ts, TIMESTAMP(6), true, null, null, null]");
    }

    @Test
    void getTableCarriesCommentAndConnectorOptions() throws Exception {
        FlinkSql sql = sqlInCatalog(FlinkSql.batch());
        var catalog = sql.tableEnv().getCatalog("kudu").orElseThrow();
        var table = catalog.getTable(new ObjectPath("default", "plain_t"));
        assertThat(table.getComment()).isEqualTo("a table in the default database");
        assertThat(table.getOptions())
                .containsEntry("connector", "kudu")
                .containsEntry("masters", KUDU.masterAddresses())
                .containsEntry("table-name", "plain_t")
                .containsEntry("client.admin-timeout", "20 s");
        assertThat(catalog.getTable(new ObjectPath("shop", "customers")).getOptions())
                .containsEntry("table-name", "impala::shop.customers");
        assertThatThrownBy(() -> catalog.getTable(new ObjectPath("shop", "missing")))
                .isInstanceOf(TableNotExistException.class)
                .hasMessageContaining("missing");
        assertThat(catalog.tableExists(new ObjectPath("shop", "orders"))).isTrue();
        assertThat(catalog.tableExists(new ObjectPath("shop", "missing"))).isFalse();
        assertThat(catalog.databaseExists("shop")).isTrue();
        assertThat(catalog.databaseExists("nowhere")).isFalse();
        assertThat(table.getUnresolvedSchema().getColumns().get(1).getComment())
                .contains("the name");
        assertThatThrownBy(() -> sql.collect("SELECT * FROM shop.missing"))
                .hasMessageContaining("Object 'missing' not found within 'kudu.shop'");
    }

    @Test
    void selectsEveryType() {
        FlinkSql sql = sqlInCatalog(FlinkSql.batch());
        List<Row> rows = sql.collect("SELECT * FROM every_type");
        assertThat(rows).hasSize(1);
        Row r = rows.get(0);
        assertThat(r.getField(0)).isEqualTo((byte) -7);
        assertThat(r.getField(1)).isEqualTo((short) 300);
        assertThat(r.getField(2)).isEqualTo(70000);
        assertThat(r.getField(3)).isEqualTo(1L << 40);
        assertThat(r.getField(4)).isEqualTo(true);
        assertThat(r.getField(5)).isEqualTo(1.5f);
        assertThat(r.getField(6)).isEqualTo(-2.25);
        assertThat(r.getField(7)).isEqualTo(new BigDecimal("1234.5678901234"));
        assertThat(r.getField(8)).isEqualTo("héllo");
        assertThat(r.getField(9)).isEqualTo("short");
        assertThat((byte[]) r.getField(10)).containsExactly(0, 1, 255);
        assertThat(r.getField(11)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(r.getField(12))
                .isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_456_000));
    }

    @Test
    void insertsIntoCompositeKeyTableAndJoinsImpalaTable() throws Exception {
        FlinkSql sql = sqlInCatalog(FlinkSql.batch());
        sql.executeScript(
                "INSERT INTO shop.orders VALUES ('carol', 1, 99.99, 'new'), ('alice', 2, 4.75,"
                        + " 'changed');");
        KuduClient client = KUDU.client();
        List<String> kudu = new ArrayList<>();
        var scanner = client.newScannerBuilder(client.openTable("shop.orders")).build();
        while (scanner.hasMoreRows()) {
            for (RowResult row : scanner.nextRows()) {
                kudu.add(
                        row.getString("customer")
                                + "/"
                                + row.getInt("order_no")
                                + "="
                                + row.getDecimal("amount")
                                + (row.isNull("note") ? "" : ":" + row.getString("note")));
            }
        }
        assertThat(kudu)
                .containsExactlyInAnyOrder(
                        "alice/1=10.50", "alice/2=4.75:changed", "bob/1=7.00", "carol/1=99.99:new");
        assertThat(
                        FlinkSql.toStrings(
                                sql.collect(
                                        "SELECT o.customer, c.city, SUM(o.amount) FROM shop.orders o"
                                                + " JOIN shop.customers c ON o.customer ="
                                                + " c.customer GROUP BY o.customer, c.city")))
                .containsExactlyInAnyOrder("+I[alice, Oslo, 15.25]", "+I[bob, Lyon, 7.00]");
    }

    @Test
    void lookupJoinsOnCatalogTablesWithCompositeKey() {
        FlinkSql sql = sqlInCatalog(FlinkSql.streaming());
        sql.tableEnv()
                .executeSql(
                        "CREATE TEMPORARY TABLE default_catalog.default_database.probe ("
                                + " customer STRING, order_no INT, proc AS PROCTIME()) WITH"
                                + " ('connector' = 'datagen', 'number-of-rows' = '1',"
                                + " 'fields.customer.length' = '1', 'fields.order_no.min' ="
                                + " '1', 'fields.order_no.max' = '1')");
        sql.tableEnv()
                .executeSql(
                        "CREATE TEMPORARY VIEW default_catalog.default_database.probes AS"
                                + " SELECT * FROM (VALUES ('bob', 1), ('alice', 1), ('zed', 1))"
                                + " AS t(customer, order_no)");
        List<String> joined =
                FlinkSql.toStrings(
                        sql.collect(
                                "SELECT p.customer, p.order_no, o.amount, c.city FROM (SELECT"
                                        + " v.customer, v.order_no, PROCTIME() AS proc FROM"
                                        + " default_catalog.default_database.probes v) p LEFT"
                                        + " JOIN shop.orders FOR SYSTEM_TIME AS OF p.proc AS o"
                                        + " ON p.customer = o.customer AND p.order_no ="
                                        + " o.order_no LEFT JOIN shop.customers FOR SYSTEM_TIME"
                                        + " AS OF p.proc AS c ON p.customer = c.customer"));
        assertThat(joined)
                .containsExactlyInAnyOrder(
                        "+I[bob, 1, 7.00, Lyon]",
                        "+I[alice, 1, 10.50, Oslo]",
                        "+I[zed, 1, null, null]");
    }
}
