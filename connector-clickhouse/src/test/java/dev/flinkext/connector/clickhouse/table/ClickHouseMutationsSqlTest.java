package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code 'sink.upsert-strategy' = 'mutations'} against a real 18.16 server: changelogs from Flink
 * SQL into plain MergeTree tables, applied as "delete the batch's keys, then insert its rows"; once
 * the server finished the mutations the table holds exactly the query's final rows, including keys
 * with awkward values (quotes, backslashes, non-ASCII, composite keys with a Date).
 */
class ClickHouseMutationsSqlTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    /** Keys with quotes, a backslash and non-ASCII; 13 events. */
    private static final String EVENTS =
            "(VALUES ('a''b', 1), ('c\\d', 10), ('a''b', 2), ('ü€', 100), ('d', 5), ('c\\d', 20),"
                    + " ('a''b', 3), ('e', 7), ('d', 6), ('e', 8), ('c\\d', 30), ('a''b', 4),"
                    + " ('e', 9)) AS s(k, n)";

    private static String ddl(String name, String columns, String table) {
        return "CREATE TABLE "
                + name
                + " ("
                + columns
                + ") WITH ('connector' = 'clickhouse', 'url' = '"
                + CLICKHOUSE.server().httpUrl()
                + "', 'table-name' = '"
                + table
                + "', 'sink.upsert-strategy' = 'mutations',"
                + " 'sink.buffer-flush.max-rows' = '3', 'sink.buffer-flush.interval' = '0s');";
    }

    /** Waits until the server has applied every mutation of {@code table}. */
    private static void awaitMutations(ClickHouseServer server, String table)
            throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            String pending =
                    server.queryText(
                                    "SELECT count() FROM system.mutations WHERE table = '"
                                            + table
                                            + "' AND is_done = 0")
                            .strip();
            if (pending.equals("0")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("mutations of " + table + " still pending");
    }

    @Test
    void aGroupByIsUpsertedIntoAPlainMergeTree() throws Exception {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.mut_counts (k String, c Int64, total Int64)"
                        + " ENGINE = MergeTree ORDER BY k");
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "counts",
                                        "k STRING, c BIGINT, total BIGINT,"
                                                + " PRIMARY KEY (k) NOT ENFORCED",
                                        "mut_counts")
                                + "INSERT INTO counts SELECT k, COUNT(*), SUM(n) FROM "
                                + EVENTS
                                + " GROUP BY k;");
        awaitMutations(server, "mut_counts");
        assertThat(server.query("SELECT k, c, total FROM default.mut_counts ORDER BY k"))
                .containsExactly(
                        List.of("a'b", "4", "10"),
                        List.of("c\\d", "3", "60"),
                        List.of("d", "2", "11"),
                        List.of("e", "3", "24"),
                        List.of("ü€", "1", "100"));
    }

    @Test
    void retractedKeysAreDeletedOnACompositeKey() throws Exception {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.mut_small (k String, d Date, c Int64)"
                        + " ENGINE = MergeTree ORDER BY (k, d)");
        // keys leave the result when their count reaches 3: DELETE rows
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "small",
                                        "k STRING, d DATE, c BIGINT,"
                                                + " PRIMARY KEY (k, d) NOT ENFORCED",
                                        "mut_small")
                                + "INSERT INTO small SELECT k, DATE '2024-02-29', c FROM"
                                + " (SELECT k, COUNT(*) AS c FROM "
                                + EVENTS
                                + " GROUP BY k) WHERE c < 3;");
        awaitMutations(server, "mut_small");
        assertThat(server.query("SELECT k, toString(d), c FROM default.mut_small ORDER BY k"))
                .containsExactly(List.of("d", "2024-02-29", "2"), List.of("ü€", "2024-02-29", "1"));
    }

    @Test
    void refusedForATableThatIsNotMergeTree() {
        CLICKHOUSE
                .server()
                .execute("CREATE TABLE default.mut_log (k String, c Int64) ENGINE = Log");
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "logged",
                                                                "k STRING, c BIGINT, PRIMARY KEY"
                                                                        + " (k) NOT ENFORCED",
                                                                "mut_log")
                                                        + "INSERT INTO logged SELECT k, COUNT(*)"
                                                        + " FROM "
                                                        + EVENTS
                                                        + " GROUP BY k;"))
                .hasStackTraceContaining("'mutations' needs a MergeTree-family table")
                .hasStackTraceContaining("not Log");
    }
}
