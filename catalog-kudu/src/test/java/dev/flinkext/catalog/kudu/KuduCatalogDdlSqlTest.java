package dev.flinkext.catalog.kudu;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.table.api.TableEnvironment;

import org.apache.kudu.Schema;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.PartitionSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CREATE / DROP / ALTER TABLE ... RENAME through the catalog, each checked against what Kudu then
 * holds (schema, hash bucket schemas, range partitions), and the DDL errors.
 */
class KuduCatalogDdlSqlTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU = new KuduClusterExtension().sharedPerJvm();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static TableEnvironment env(String extra) {
        TableEnvironment env = FlinkSql.batch().tableEnv();
        env.executeSql(
                "CREATE CATALOG kudu WITH ('type' = 'kudu', 'masters' = '"
                        + KUDU.masterAddresses()
                        + "'"
                        + extra
                        + ")");
        env.executeSql("USE CATALOG kudu");
        return env;
    }

    private static List<String> names(Schema schema) {
        return schema.getColumns().stream()
                .map(
                        c ->
                                c.getName()
                                        + ":"
                                        + c.getType().getName()
                                        + (c.isKey() ? ":key" : "")
                                        + (c.isNullable() ? "" : ":notnull"))
                .toList();
    }

    @Test
    void createsHashAndRangePartitionedTable() throws Exception {
        TableEnvironment env = env("");
        env.executeSql(
                        "CREATE TABLE sales.events ("
                                + " payload STRING COMMENT 'raw',"
                                + " dt DATE NOT NULL,"
                                + " id BIGINT,"
                                + " amount DECIMAL(10, 2),"
                                + " PRIMARY KEY (id, dt) NOT ENFORCED"
                                + ") COMMENT 'events by day' WITH ("
                                + " 'partition.hash.columns' = 'id',"
                                + " 'partition.hash.buckets' = '3',"
                                + " 'partition.range.columns' = 'dt',"
                                + " 'partition.range.bounds' = '2024-01-01,2025-01-01',"
                                + " 'replicas' = '1')")
                .await();
        KuduClient client = KUDU.client();
        KuduTable table = client.openTable("sales.events");
        assertThat(names(table.getSchema()))
                .containsExactly(
                        "id:int64:key:notnull",
                        "dt:date:key:notnull",
                        "payload:string",
                        "amount:decimal");
        assertThat(table.getSchema().getColumn("payload").getComment()).isEqualTo("raw");
        assertThat(table.getComment()).isEqualTo("events by day");
        assertThat(table.getNumReplicas()).isEqualTo(1);
        List<PartitionSchema.HashBucketSchema> hash =
                table.getPartitionSchema().getHashBucketSchemas();
        assertThat(hash).hasSize(1);
        assertThat(hash.get(0).getNumBuckets()).isEqualTo(3);
        assertThat(hash.get(0).getColumnIds()).containsExactly(table.getSchema().getColumnId("id"));
        assertThat(table.getFormattedRangePartitions(30_000))
                .containsExactly(
                        "VALUES < 2024-01-01",
                        "2024-01-01 <= VALUES < 2025-01-01",
                        "VALUES >= 2025-01-01");

        assertThat(FlinkSqlRows.rows(env, "SHOW TABLES IN sales")).containsExactly("+I[events]");
        env.executeSql(
                        "INSERT INTO sales.events (payload, dt, id, amount) VALUES ('x', DATE '2024-06-01', 1, 2.50),"
                                + " ('y', DATE '2023-06-01', 2, CAST(NULL AS DECIMAL(10, 2)))")
                .await();
        assertThat(FlinkSqlRows.rows(env, "SELECT id, dt, amount FROM sales.events ORDER BY id"))
                .containsExactly("+I[1, 2024-06-01, 2.50]", "+I[2, 2023-06-01, null]");
    }

    @Test
    void createsHashOnlyRangeOnlyAndUnpartitionedTables() throws Exception {
        TableEnvironment env = env("");
        env.executeSql(
                        "CREATE TABLE h (a INT, b STRING, c VARCHAR(10), PRIMARY KEY (a, b) NOT"
                                + " ENFORCED) WITH ('partition.hash.columns' = 'a,b',"
                                + " 'partition.hash.buckets' = '4', 'replicas' = '1')")
                .await();
        KuduTable h = KUDU.client().openTable("h");
        assertThat(h.getPartitionSchema().getHashBucketSchemas().get(0).getColumnIds()).hasSize(2);
        assertThat(h.getFormattedRangePartitions(30_000)).containsExactly("UNBOUNDED");
        assertThat(FlinkSqlRows.rows(env, "DESCRIBE h"))
                .containsExactly(
                        "+I[a, INT, false, PRI(a, b), null, null]",
                        "+I[b, STRING, false, PRI(a, b), null, null]",
                        "+I[c, VARCHAR(10), true, null, null, null]");

        env.executeSql(
                        "CREATE TABLE r (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH"
                                + " ('partition.range.columns' = 'k', 'partition.range.bounds' ="
                                + " 'm', 'replicas' = '1')")
                .await();
        KuduTable r = KUDU.client().openTable("r");
        assertThat(r.getPartitionSchema().getHashBucketSchemas()).isEmpty();
        assertThat(r.getFormattedRangePartitions(30_000))
                .containsExactly("VALUES < \"m\"", "VALUES >= \"m\"");

        env.executeSql(
                        "CREATE TABLE `plain_style`.t1 (k INT, PRIMARY KEY (k) NOT ENFORCED)"
                                + " WITH ('replicas' = '1')")
                .await();
        assertThat(KUDU.client().tableExists("plain_style.t1")).isTrue();

        TableEnvironment impala = env(", 'create-table.impala-names' = 'true'");
        impala.executeSql(
                        "CREATE TABLE db2.t (k INT, PRIMARY KEY (k) NOT ENFORCED) WITH"
                                + " ('replicas' = '1')")
                .await();
        assertThat(KUDU.client().tableExists("impala::db2.t")).isTrue();
        assertThat(FlinkSqlRows.rows(impala, "SHOW TABLES IN db2")).containsExactly("+I[t]");
    }

    @Test
    void dropsAndRenamesTables() throws Exception {
        TableEnvironment env = env("");
        env.executeSql(
                        "CREATE TABLE ren.a (k INT, PRIMARY KEY (k) NOT ENFORCED) WITH"
                                + " ('replicas' = '1')")
                .await();
        env.executeSql("ALTER TABLE ren.a RENAME TO b").await();
        KuduClient client = KUDU.client();
        assertThat(client.tableExists("ren.a")).isFalse();
        assertThat(client.tableExists("ren.b")).isTrue();

        KuduCatalogReadSqlTest.create(
                client,
                "impala::ren.c",
                null,
                KuduCatalogReadSqlTest.col("k", org.apache.kudu.Type.INT32).key(true).build());
        env.executeSql("ALTER TABLE ren.c RENAME TO d").await();
        assertThat(client.tableExists("impala::ren.d")).isTrue();

        env.executeSql("DROP TABLE ren.b").await();
        assertThat(client.tableExists("ren.b")).isFalse();
        env.executeSql("DROP TABLE IF EXISTS ren.b").await();
        assertThatThrownBy(() -> env.executeSql("DROP TABLE ren.b")).hasMessageContaining("ren.b");
        env.executeSql("DROP TABLE ren.d").await();
        assertThat(client.tableExists("impala::ren.d")).isFalse();
        assertThat(FlinkSqlRows.rows(env, "SHOW DATABASES")).doesNotContain("+I[ren]");
    }

    @Test
    void refusesWhatKuduCannotHold() throws Exception {
        TableEnvironment env = env("");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE bad1 (k INT, t TIME, PRIMARY KEY (k) NOT"
                                                + " ENFORCED) WITH ('replicas' = '1')"))
                .hasStackTraceContaining("Column 't' of type TIME(0) cannot be stored in Kudu");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE bad2 (k INT, v INT) WITH ('replicas' ="
                                                + " '1')"))
                .hasStackTraceContaining("needs a PRIMARY KEY");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE bad3 (k INT, v INT, PRIMARY KEY (k) NOT"
                                                + " ENFORCED) WITH ('partition.hash.columns' ="
                                                + " 'v', 'partition.hash.buckets' = '2')"))
                .hasStackTraceContaining(
                        "hash partition column 'v' is not a primary-key column [k]");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE bad4 (k DOUBLE, PRIMARY KEY (k) NOT"
                                                + " ENFORCED)"))
                .hasStackTraceContaining(
                        "Column 'k' of type DOUBLE NOT NULL cannot be a Kudu primary-key column");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE bad5 (k INT, PRIMARY KEY (k) NOT ENFORCED)"
                                                + " WITH ('partition.range.columns' = 'k',"
                                                + " 'partition.range.bounds' = '1,x')"))
                .hasStackTraceContaining("range bound 'x' is not a value of column 'k'");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE bad6 (k INT, PRIMARY KEY (k) NOT ENFORCED)"
                                                + " WITH ('partition.hash.columns' = 'k',"
                                                + " 'partition.hash.buckets' = '1')"))
                .hasStackTraceContaining("at least 2 hash buckets");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE bad7 (k INT, PRIMARY KEY (k) NOT ENFORCED)"
                                                + " WITH ('partitions' = '3')"))
                .hasStackTraceContaining("unknown table option 'partitions'");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE bad8 (k TIMESTAMP_LTZ(3), PRIMARY KEY (k)"
                                                + " NOT ENFORCED)"))
                .hasStackTraceContaining(
                        "Column 'k' of type TIMESTAMP_LTZ(3) NOT NULL cannot be stored in Kudu");
        assertThatThrownBy(() -> env.executeSql("CREATE DATABASE newdb"))
                .hasStackTraceContaining("Kudu has no databases");
        for (int i = 1; i <= 8; i++) {
            assertThat(KUDU.client().tableExists("bad" + i)).as("bad" + i).isFalse();
        }
    }

    @Test
    void altersColumnsAndReportsLiveRowCount() throws Exception {
        TableEnvironment env = env("");
        env.executeSql(
                        "CREATE TABLE alt.t (k INT, a STRING, b INT, PRIMARY KEY (k) NOT ENFORCED)"
                                + " WITH ('replicas' = '1')")
                .await();
        env.executeSql("ALTER TABLE alt.t ADD c VARCHAR(5) COMMENT 'added'").await();
        env.executeSql("ALTER TABLE alt.t DROP b").await();
        env.executeSql("ALTER TABLE alt.t RENAME a TO a2").await();
        env.executeSql("ALTER TABLE alt.t MODIFY a2 STRING COMMENT 'renamed'").await();
        KuduTable table = KUDU.client().openTable("alt.t");
        assertThat(names(table.getSchema()))
                .containsExactly("k:int32:key:notnull", "a2:string", "c:varchar");
        assertThat(table.getSchema().getColumn("c").getComment()).isEqualTo("added");
        assertThat(table.getSchema().getColumn("a2").getComment()).isEqualTo("renamed");
        assertThat(FlinkSqlRows.rows(env, "DESCRIBE alt.t"))
                .containsExactly(
                        "+I[k, INT, false, PRI(k), null, null, null]",
                        "+I[a2, STRING, true, null, null, null, renamed]",
                        "+I[c, VARCHAR(5), true, null, null, null, added]");
        assertThatThrownBy(() -> env.executeSql("ALTER TABLE alt.t ADD d INT NOT NULL"))
                .hasStackTraceContaining("Kudu needs a default value");
        assertThatThrownBy(() -> env.executeSql("ALTER TABLE alt.t ADD e TIME"))
                .hasStackTraceContaining("Column 'e' of type TIME(0) cannot be stored in Kudu");

        env.executeSql("INSERT INTO alt.t VALUES (1, 'x', 'y'), (2, 'z', NULLIF('a', 'a'))")
                .await();
        var catalog = env.getCatalog("kudu").orElseThrow();
        var path = new org.apache.flink.table.catalog.ObjectPath("alt", "t");
        // the tablet servers report live rows to the masters with their heartbeats
        dev.flinkext.testing.process.Poll.until(
                "live row count 2",
                java.time.Duration.ofSeconds(60),
                () -> {},
                () -> catalog.getTableStatistics(path).getRowCount() == 2);
        assertThatThrownBy(
                        () ->
                                catalog.getTableStatistics(
                                        new org.apache.flink.table.catalog.ObjectPath(
                                                "alt", "missing")))
                .isInstanceOf(
                        org.apache.flink.table.catalog.exceptions.TableNotExistException.class);
    }
}
