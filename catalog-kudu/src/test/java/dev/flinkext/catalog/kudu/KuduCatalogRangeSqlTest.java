package dev.flinkext.catalog.kudu;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.ObjectPath;

import org.apache.kudu.client.KuduTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Range partitions on several columns and explicit (gapped) ranges at CREATE TABLE, ranges added
 * and dropped by ALTER TABLE ... SET, and the table comment by SET / RESET ('comment'): each
 * checked against what Kudu then holds.
 */
class KuduCatalogRangeSqlTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU = new KuduClusterExtension().sharedPerJvm();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static TableEnvironment env() {
        TableEnvironment env = FlinkSql.batch().tableEnv();
        env.executeSql(
                "CREATE CATALOG kudu WITH ('type' = 'kudu', 'masters' = '"
                        + KUDU.masterAddresses()
                        + "')");
        env.executeSql("USE CATALOG kudu");
        return env;
    }

    private static List<String> ranges(String kuduName) throws Exception {
        return KUDU.client().openTable(kuduName).getFormattedRangePartitions(30_000);
    }

    @Test
    void changesTheTableCommentBySetAndReset() throws Exception {
        TableEnvironment env = env();
        env.executeSql(
                        "CREATE TABLE cmt.t (k INT, PRIMARY KEY (k) NOT ENFORCED) COMMENT 'first'"
                                + " WITH ('replicas' = '1')")
                .await();
        Catalog catalog = env.getCatalog("kudu").orElseThrow();
        ObjectPath path = new ObjectPath("cmt", "t");
        assertThat(catalog.getTable(path).getComment()).isEqualTo("first");

        env.executeSql("ALTER TABLE cmt.t SET ('comment' = 'second')").await();
        assertThat(KUDU.client().openTable("cmt.t").getComment()).isEqualTo("second");
        assertThat(catalog.getTable(path).getComment()).isEqualTo("second");

        env.executeSql("ALTER TABLE cmt.t RESET ('comment')").await();
        assertThat(KUDU.client().openTable("cmt.t").getComment()).isEmpty();
        assertThat(catalog.getTable(path).getComment()).isNullOrEmpty();

        env.executeSql(
                        "CREATE TABLE cmt.u (k INT, PRIMARY KEY (k) NOT ENFORCED) WITH"
                                + " ('comment' = 'as option', 'replicas' = '1')")
                .await();
        assertThat(KUDU.client().openTable("cmt.u").getComment()).isEqualTo("as option");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE cmt.v (k INT, PRIMARY KEY (k) NOT ENFORCED)"
                                                + " COMMENT 'a' WITH ('comment' = 'b')"))
                .hasStackTraceContaining("COMMENT 'a' and option 'comment' = 'b' differ");
        assertThatThrownBy(() -> env.executeSql("ALTER TABLE cmt.t RESET ('replicas')").await())
                .hasStackTraceContaining("ResetOption")
                .hasStackTraceContaining("cmt.t");
    }

    @Test
    void createsRangesOnSeveralColumnsFromSplitPointsAndExplicitRanges() throws Exception {
        TableEnvironment env = env();
        env.executeSql(
                        "CREATE TABLE mr.splits (y INT, m INT, id BIGINT, v STRING,"
                                + " PRIMARY KEY (y, m, id) NOT ENFORCED) WITH ("
                                + " 'partition.range.columns' = 'y, m',"
                                + " 'partition.range.bounds' = '(2024, 1), (2024, 7)',"
                                + " 'replicas' = '1')")
                .await();
        assertThat(ranges("mr.splits"))
                .containsExactly(
                        "VALUES < (2024, 1)",
                        "(2024, 1) <= VALUES < (2024, 7)",
                        "VALUES >= (2024, 7)");

        env.executeSql(
                        "CREATE TABLE mr.gaps (id BIGINT, k STRING, PRIMARY KEY (id, k) NOT"
                                + " ENFORCED) WITH ("
                                + " 'partition.hash.columns' = 'k',"
                                + " 'partition.hash.buckets' = '2',"
                                + " 'partition.range.columns' = 'id',"
                                + " 'partition.range.partitions' ="
                                + " 'VALUES < 0, 0 <= VALUES < 100, 200 <= VALUES < 300, 1000 <="
                                + " VALUES',"
                                + " 'replicas' = '1')")
                .await();
        List<String> gaps = ranges("mr.gaps");
        assertThat(gaps)
                .containsExactly(
                        "VALUES < 0", "0 <= VALUES < 100", "200 <= VALUES < 300", "VALUES >= 1000");
        KuduTable table = KUDU.client().openTable("mr.gaps");
        assertThat(table.getPartitionSchema().getHashBucketSchemas().get(0).getNumBuckets())
                .isEqualTo(2);
        env.executeSql("INSERT INTO mr.gaps VALUES (-5, 'a'), (50, 'b'), (250, 'c'), (5000, 'd')")
                .await();
        assertThat(FlinkSqlRows.rows(env, "SELECT id FROM mr.gaps ORDER BY id"))
                .containsExactly("+I[-5]", "+I[50]", "+I[250]", "+I[5000]");

        // what 'kudu table describe' prints is a valid spec: strings in double quotes, tuples
        env.executeSql(
                        "CREATE TABLE mr.strings (c STRING, n INT, PRIMARY KEY (c, n) NOT"
                                + " ENFORCED) WITH ("
                                + " 'partition.range.columns' = 'c,n',"
                                + " 'partition.range.partitions' = '(\"a\", 0) <= VALUES < (\"m\","
                                + " 0), (\"m, n\", 5) <= VALUES < (''z'''''', 1)',"
                                + " 'replicas' = '1')")
                .await();
        List<String> strings = ranges("mr.strings");
        assertThat(strings)
                .containsExactly(
                        "(\"a\", 0) <= VALUES < (\"m\", 0)",
                        "(\"m, n\", 5) <= VALUES < (\"z\\'\", 1)");
        env.executeSql(
                        "CREATE TABLE mr.strings2 (c STRING, n INT, PRIMARY KEY (c, n) NOT"
                                + " ENFORCED) WITH ("
                                + " 'partition.range.columns' = 'c,n',"
                                + " 'partition.range.partitions' = '"
                                + String.join(", ", strings).replace("'", "''")
                                + "', 'replicas' = '1')")
                .await();
        assertThat(ranges("mr.strings2")).isEqualTo(strings);
        env.executeSql(
                        "CREATE TABLE mr.copy (id BIGINT, k STRING, PRIMARY KEY (id, k) NOT"
                                + " ENFORCED) WITH ("
                                + " 'partition.range.columns' = 'id',"
                                + " 'partition.range.partitions' = '"
                                + String.join(", ", gaps)
                                + "', 'replicas' = '1')")
                .await();
        assertThat(ranges("mr.copy")).isEqualTo(gaps);

        env.executeSql(
                        "CREATE TABLE mr.days (d DATE, t TIMESTAMP(6), PRIMARY KEY (d, t) NOT"
                                + " ENFORCED) WITH ("
                                + " 'partition.range.columns' = 'd,t',"
                                + " 'partition.range.partitions' = '(2024-01-01, 2024-01-01"
                                + " 00:00:00) <= VALUES < (2024-02-01, 2024-01-01T12:00:00.5)',"
                                + " 'replicas' = '1')")
                .await();
        assertThat(ranges("mr.days"))
                .containsExactly(
                        "(2024-01-01, 2024-01-01T00:00:00.000000Z) <= VALUES < (2024-02-01,"
                                + " 2024-01-01T12:00:00.500000Z)");
    }

    @Test
    void createsTheReadmeExample() throws Exception {
        TableEnvironment env = env();
        env.executeSql(
                        "CREATE TABLE metrics (host STRING, ts TIMESTAMP(6), v DOUBLE,"
                                + " PRIMARY KEY (host, ts) NOT ENFORCED) WITH ("
                                + " 'partition.hash.columns' = 'host',"
                                + " 'partition.hash.buckets' = '4',"
                                + " 'partition.range.columns' = 'ts',"
                                + " 'partition.range.partitions' = '2024-01-01 <= VALUES <"
                                + " 2024-07-01, 2025-01-01 <= VALUES < 2025-07-01',"
                                + " 'replicas' = '1')")
                .await();
        assertThat(ranges("metrics"))
                .containsExactly(
                        "2024-01-01T00:00:00.000000Z <= VALUES < 2024-07-01T00:00:00.000000Z",
                        "2025-01-01T00:00:00.000000Z <= VALUES < 2025-07-01T00:00:00.000000Z");
    }

    @Test
    void refusesMalformedRangeSpecsNamingOptionAndValue() {
        TableEnvironment env = env();
        String table =
                "CREATE TABLE bad.r (a INT, b INT, PRIMARY KEY (a, b) NOT ENFORCED) WITH"
                        + " ('replicas' = '1', 'partition.range.columns' = ";
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        table
                                                + "'a', 'partition.range.partitions' = '0 <= VALUES"
                                                + " 100')"))
                .hasStackTraceContaining(
                        "'partition.range.partitions' = '0 <= VALUES 100' is malformed at"
                                + " character 13: expected ',' or the end");
        assertThatThrownBy(
                        () -> env.executeSql(table + "'a,b', 'partition.range.bounds' = '1, 2')"))
                .hasStackTraceContaining(
                        "'partition.range.bounds' = '1, 2' is malformed at character 2: the"
                                + " bound 1 has 1 value(s), the range columns need 2 as a tuple");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        table
                                                + "'a', 'partition.range.partitions' = '(0, 1) <="
                                                + " VALUES')"))
                .hasStackTraceContaining("the range columns need 1");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        table
                                                + "'a', 'partition.range.partitions' = '0 <= VALUES"
                                                + " < x')"))
                .hasStackTraceContaining("range bound 'x' is not a value of column 'a'");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        table
                                                + "'a', 'partition.range.bounds' = '5',"
                                                + " 'partition.range.partitions' = 'UNBOUNDED')"))
                .hasStackTraceContaining("not both");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        table
                                                + "'a', 'partition.range.partitions' = '0 <= VALUES"
                                                + " < 10, 5 <= VALUES < 20')"))
                .hasStackTraceContaining("cannot create Kudu table 'bad.r'")
                .hasStackTraceContaining("overlap");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        table
                                                + "'a', 'partition.range.partitions' = '5 <= VALUES"
                                                + " < 5')"))
                .hasStackTraceContaining("cannot create Kudu table 'bad.r'")
                .hasStackTraceContaining(
                        "lower bound must be less than the upper bound: 5 <= VALUES < 5");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE bad.s (a INT, PRIMARY KEY (a) NOT ENFORCED)"
                                                + " WITH ('partition.range.partitions' ="
                                                + " 'UNBOUNDED')"))
                .hasStackTraceContaining(
                        "'partition.range.partitions' needs 'partition.range.columns'");
    }

    @Test
    void addsAndDropsRangesByAlterTableSet() throws Exception {
        TableEnvironment env = env();
        env.executeSql(
                        "CREATE TABLE alr.t (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH"
                                + " ('partition.hash.columns' = 'id', 'partition.hash.buckets' ="
                                + " '2', 'partition.range.columns' = 'id',"
                                + " 'partition.range.partitions' = '0 <= VALUES < 100, 100 <="
                                + " VALUES < 200', 'replicas' = '1')")
                .await();
        env.executeSql("INSERT INTO alr.t VALUES (50, 'kept'), (150, 'dropped')").await();

        env.executeSql(
                        "ALTER TABLE alr.t SET ('partition.range.partitions' = '0 <= VALUES < 100,"
                                + " 200 <= VALUES < 300, 300 <= VALUES')")
                .await();
        assertThat(ranges("alr.t"))
                .containsExactly("0 <= VALUES < 100", "200 <= VALUES < 300", "VALUES >= 300");
        // dropping a range partition deletes its rows
        assertThat(FlinkSqlRows.rows(env, "SELECT id, v FROM alr.t"))
                .containsExactly("+I[50, kept]");
        env.executeSql("INSERT INTO alr.t VALUES (250, 'new'), (9999, 'open end')").await();
        assertThat(FlinkSqlRows.rows(env, "SELECT id FROM alr.t ORDER BY id"))
                .containsExactly("+I[50]", "+I[250]", "+I[9999]");

        String withLowEnd = "VALUES < -10, 0 <= VALUES < 100, 200 <= VALUES < 300, VALUES >= 300";
        env.executeSql(
                        "ALTER TABLE alr.t SET ('partition.range.partitions' = '"
                                + withLowEnd
                                + "')")
                .await();
        assertThat(ranges("alr.t"))
                .containsExactly(
                        "VALUES < -10",
                        "0 <= VALUES < 100",
                        "200 <= VALUES < 300",
                        "VALUES >= 300");
        // the same list again changes nothing; the same range columns are accepted
        env.executeSql(
                        "ALTER TABLE alr.t SET ('partition.range.columns' = 'id',"
                                + " 'partition.range.partitions' = '"
                                + withLowEnd
                                + "')")
                .await();
        assertThat(ranges("alr.t"))
                .containsExactly(
                        "VALUES < -10",
                        "0 <= VALUES < 100",
                        "200 <= VALUES < 300",
                        "VALUES >= 300");
        assertThat(FlinkSqlRows.rows(env, "SELECT id FROM alr.t ORDER BY id"))
                .containsExactly("+I[50]", "+I[250]", "+I[9999]");

        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                                "ALTER TABLE alr.t SET ('partition.hash.buckets' ="
                                                        + " '4')")
                                        .await())
                .hasStackTraceContaining(
                        "Kudu table 'alr.t': cannot SET 'partition.hash.buckets' = '4': Kudu"
                                + " cannot change the hash partitioning of a table after CREATE"
                                + " TABLE (it is [id] in 2 buckets)");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                                "ALTER TABLE alr.t SET ('partition.range.columns' ="
                                                        + " 'v')")
                                        .await())
                .hasStackTraceContaining(
                        "cannot SET 'partition.range.columns' = 'v': Kudu cannot change the range"
                                + " partition columns of a table (they are [id])");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                                "ALTER TABLE alr.t SET ('partition.range.bounds' ="
                                                        + " '5')")
                                        .await())
                .hasStackTraceContaining("split points apply at CREATE TABLE only");
        assertThatThrownBy(() -> env.executeSql("ALTER TABLE alr.t SET ('replicas' = '3')").await())
                .hasStackTraceContaining("cannot SET 'replicas' = '3'");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                                "ALTER TABLE alr.t SET ('partition.range.partitions'"
                                                        + " = '0 <= VALUES <')")
                                        .await())
                .hasStackTraceContaining(
                        "'partition.range.partitions' = '0 <= VALUES <' is malformed");

        env.executeSql(
                        "CREATE TABLE alr.multi (a INT, b STRING, PRIMARY KEY (a, b) NOT ENFORCED)"
                                + " WITH ('partition.range.columns' = 'a,b',"
                                + " 'partition.range.partitions' = '(1, a) <= VALUES < (1, m)',"
                                + " 'replicas' = '1')")
                .await();
        env.executeSql(
                        "ALTER TABLE alr.multi SET ('partition.range.partitions' = '(1, a) <="
                                + " VALUES < (1, m), (1, m) <= VALUES < (2, \"\")')")
                .await();
        assertThat(ranges("alr.multi"))
                .containsExactly(
                        "(1, \"a\") <= VALUES < (1, \"m\")", "(1, \"m\") <= VALUES < (2, \"\")");

        env.executeSql(
                        "CREATE TABLE alr.plain (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH"
                                + " ('replicas' = '1')")
                .await();
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                                "ALTER TABLE alr.plain SET"
                                                        + " ('partition.range.partitions' ="
                                                        + " 'UNBOUNDED')")
                                        .await())
                .hasStackTraceContaining("the table has no range partition columns");
    }

    @Test
    void createsAndAltersOneValueRanges() throws Exception {
        TableEnvironment env = env();
        env.executeSql(
                        "CREATE TABLE onev.t (y INT, c STRING, PRIMARY KEY (y, c) NOT ENFORCED) WITH"
                                + " ('partition.range.columns' = 'y',"
                                + " 'partition.range.partitions' = 'VALUE = 2023, VALUE = 2024, 2030"
                                + " <= VALUES < 2040', 'replicas' = '1')")
                .await();
        assertThat(ranges("onev.t"))
                .containsExactly("VALUE = 2023", "VALUE = 2024", "2030 <= VALUES < 2040");
        env.executeSql("INSERT INTO onev.t VALUES (2023, 'a'), (2024, 'b')").await();
        env.executeSql(
                        "ALTER TABLE onev.t SET ('partition.range.partitions' = 'VALUE = 2024,"
                                + " VALUE = 2025, 2030 <= VALUES < 2040')")
                .await();
        assertThat(ranges("onev.t"))
                .containsExactly("VALUE = 2024", "VALUE = 2025", "2030 <= VALUES < 2040");
        assertThat(FlinkSqlRows.rows(env, "SELECT y, c FROM onev.t"))
                .containsExactly("+I[2024, b]");

        env.executeSql(
                        "CREATE TABLE onev.s (c STRING, d DATE, PRIMARY KEY (c, d) NOT ENFORCED)"
                                + " WITH ('partition.range.columns' = 'c, d',"
                                + " 'partition.range.partitions' = 'VALUE = (\"x\", 2024-02-29)',"
                                + " 'replicas' = '1')")
                .await();
        List<String> before = ranges("onev.s");
        assertThat(before).containsExactly("VALUE = (\"x\", 2024-02-29)");
        env.executeSql(
                        "ALTER TABLE onev.s SET ('partition.range.partitions' = '"
                                + before.get(0)
                                + ", VALUE = (x, 2024-03-01)')")
                .await();
        assertThat(ranges("onev.s"))
                .containsExactly("VALUE = (\"x\", 2024-02-29)", "VALUE = (\"x\", 2024-03-01)");
    }
}
