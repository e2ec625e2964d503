package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.table.api.Table;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.ColumnTypeAttributes;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.AlterTableOptions;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.HostAndPort;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.SessionConfiguration;
import org.apache.kudu.client.Upsert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lookup joins through SQL against a real Kudu (3 tablet servers): every cache mode, sync and
 * async, composite keys of mixed types, projection, misses, and failures. Scan counts come from the
 * tablet servers ({@link TabletServerScans}) on tables of one tablet.
 */
class KuduLookupSqlTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU =
            new KuduClusterExtension().tabletServers(3).sharedPerJvm();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static TabletServerScans scans;

    @BeforeAll
    static void createTables() throws Exception {
        KuduClient client = KUDU.client();
        KuduLookupBatchingTest.createOneTablet(
                client,
                "sql_dim",
                key("k", Type.STRING),
                nullable("v", Type.INT32),
                nullable("name", Type.STRING));
        KuduTable dim = client.openTable("sql_dim");
        KuduSession session = session(client);
        session.apply(dimRow(dim, "k1", 10, "one"));
        session.apply(dimRow(dim, "k2", 20, null));
        session.flush();

        createTyped(client);
        KuduTable typed = client.openTable("sql_typed");
        for (int id = 1; id <= 2; id++) {
            Upsert upsert = typed.newUpsert();
            PartialRow row = upsert.getRow();
            row.addByte("a", (byte) (id - 100));
            row.addString("s", "s" + id);
            row.addDecimal("dc", new BigDecimal(id + ".25"));
            row.addDate("dt", Date.valueOf(LocalDate.of(2024, 2, 20 + id)));
            row.addLong(
                    "ts",
                    LocalDateTime.of(2024, 1, 1, 12, 30).toEpochSecond(ZoneOffset.UTC) * 1_000_000L
                            + 123_450
                            + id);
            row.addString("v", "v" + id);
            session.apply(upsert);
        }
        session.flush();
        session.close();
        scans = TabletServerScans.of(KUDU);
    }

    private static String ddl(String name, String columns, String table, String options) {
        return "CREATE TEMPORARY TABLE "
                + name
                + " ("
                + columns
                + ") WITH ('connector' = 'kudu', 'masters' = '"
                + KUDU.masterAddresses()
                + "', 'table-name' = '"
                + table
                + "'"
                + options
                + ");";
    }

    /** Ids 1..n; k = 'k' || MOD(id, modulo). */
    private static String probe(int n, int modulo) {
        return "CREATE TEMPORARY TABLE probe (id BIGINT, k AS CONCAT('k', CAST(MOD(id, "
                + modulo
                + ") AS STRING)), proc AS PROCTIME()) WITH ('connector' = 'datagen',"
                + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '"
                + n
                + "');";
    }

    private static final String DIM_COLUMNS =
            "k STRING, v INT, name STRING, PRIMARY KEY (k) NOT ENFORCED";

    /** Reads d.k and d.v only: name is projected away. */
    private static final String JOIN =
            "SELECT p.id, d.k, d.v FROM probe p LEFT JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                    + " ON d.k = p.k";

    private static List<String> sorted(List<Row> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.toString()));
        out.sort(null);
        return out;
    }

    /**
     * 8 probe rows over 4 keys (2 in Kudu). Scans: sync without a cache, one per row; a PARTIAL
     * cache, one per distinct key (misses cached too); FULL, the load's one scan. Async scan counts
     * depend on how rows meet in batches (see {@link #asyncLookupsScanOncePerBatch}).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'lookup.cache' = 'NONE'|8",
                "'lookup.async' = 'true'|-1",
                "'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100'|4",
                "'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100', 'lookup.async' = 'true'|-1",
                "'lookup.cache' = 'FULL', 'lookup.full-cache.periodic-reload.interval' = '1 h'|1"
            })
    void everyCacheModeJoinsAndMissesAreNulls(String lookupOptions, long expectedScans)
            throws Exception {
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(ddl("dim", DIM_COLUMNS, "sql_dim", ", " + lookupOptions) + probe(8, 4));

        long before = scans.started();
        assertThat(sorted(sql.collect(JOIN)))
                .containsExactly(
                        "+I[1, k1, 10]",
                        "+I[2, k2, 20]",
                        "+I[3, null, null]",
                        "+I[4, null, null]",
                        "+I[5, k1, 10]",
                        "+I[6, k2, 20]",
                        "+I[7, null, null]",
                        "+I[8, null, null]");
        if (expectedScans >= 0) {
            assertThat(scans.started() - before).as("scans").isEqualTo(expectedScans);
        }
    }

    /**
     * A condition on the dimension in the join's ON clause holds, whatever the planner pushes into
     * the source: k2 (v = 20) does not match {@code d.v < 15}, sync, async and FULL.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'lookup.cache' = 'NONE'",
                "'lookup.async' = 'true'",
                "'lookup.cache' = 'FULL', 'lookup.full-cache.periodic-reload.interval' = '1 h'"
            })
    void aConditionOnTheDimensionInTheOnClauseStillHolds(String lookupOptions) {
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(ddl("dim", DIM_COLUMNS, "sql_dim", ", " + lookupOptions) + probe(4, 4));
        assertThat(sorted(sql.collect(JOIN + " AND d.v < 15")))
                .containsExactly(
                        "+I[1, k1, 10]",
                        "+I[2, null, null]",
                        "+I[3, null, null]",
                        "+I[4, null, null]");
    }

    /**
     * 6 distinct keys, batches of 3 (a delay that never ends a batch first): exactly 2 scans async,
     * 6 sync.
     */
    @Test
    void asyncLookupsScanOncePerBatch() throws Exception {
        for (String async : List.of("false", "true")) {
            FlinkSql sql = FlinkSql.streaming().parallelism(1);
            sql.executeScript(
                    ddl(
                                    "dim",
                                    DIM_COLUMNS,
                                    "sql_dim",
                                    ", 'lookup.async' = '"
                                            + async
                                            + "', 'lookup.batch.max-size' = '3',"
                                            + " 'lookup.batch.max-delay' = '10 min'")
                            + probe(6, 1000));
            long before = scans.started();
            assertThat(sorted(sql.collect(JOIN)))
                    .hasSize(6)
                    .contains("+I[1, k1, 10]", "+I[3, null, null]");
            assertThat(scans.started() - before)
                    .as("scans with lookup.async = " + async)
                    .isEqualTo(async.equals("true") ? 2 : 6);
        }
    }

    /** INT8, STRING, DECIMAL, DATE and TIMESTAMP key parts round-trip as one composite key. */
    @ParameterizedTest(name = "async = {0}")
    @ValueSource(strings = {"false", "true"})
    void compositeKeyOfMixedTypes(String async) {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                ddl(
                                "typed",
                                "a TINYINT, s STRING, dc DECIMAL(10, 2), dt DATE, ts TIMESTAMP(6),"
                                        + " v STRING, PRIMARY KEY (a, s, dc, dt, ts) NOT ENFORCED",
                                "sql_typed",
                                ", 'lookup.async' = '" + async + "'")
                        + "CREATE TEMPORARY TABLE keys (id INT,"
                        + " a AS CAST(id - 100 AS TINYINT),"
                        + " s AS CONCAT('s', CAST(id AS STRING)),"
                        + " dc AS CAST(CONCAT(CAST(id AS STRING), '.25') AS DECIMAL(10, 2)),"
                        + " dt AS CAST(CONCAT('2024-02-2', CAST(id AS STRING)) AS DATE),"
                        + " ts AS CAST(CONCAT('2024-01-01 12:30:00.12345', CAST(id AS STRING))"
                        + " AS TIMESTAMP(6)),"
                        + " proc AS PROCTIME()) WITH ('connector' = 'datagen',"
                        + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1',"
                        + " 'fields.id.end' = '3');");
        assertThat(
                        sorted(
                                sql.collect(
                                        "SELECT k.id, d.v, d.a, d.dc, d.dt, d.ts FROM keys k LEFT"
                                                + " JOIN typed FOR SYSTEM_TIME AS OF k.proc AS d"
                                                + " ON d.a = k.a AND d.s = k.s AND d.dc = k.dc"
                                                + " AND d.dt = k.dt AND d.ts = k.ts")))
                .containsExactly(
                        "+I[1, v1, -99, 1.25, 2024-02-21, 2024-01-01T12:30:00.123451]",
                        "+I[2, v2, -98, 2.25, 2024-02-22, 2024-01-01T12:30:00.123452]",
                        "+I[3, null, null, null, null, null]");
    }

    /**
     * Masters gone after planning: each attempt waits 'client.admin-timeout', lookup-core retries
     * 'lookup.max-retries' times, then the job fails naming the table and the masters.
     */
    @Test
    void unreachableMastersFailTheJobNamingTableAndMasters() throws Exception {
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(
                ddl(
                                "dim",
                                DIM_COLUMNS,
                                "sql_dim",
                                ", 'client.admin-timeout' = '2 s', 'client.operation-timeout'"
                                        + " = '2 s', 'lookup.max-retries' = '1'")
                        + probe(3, 4));
        Table planned = sql.tableEnv().sqlQuery(JOIN); // reads the schema from the masters
        List<HostAndPort> masters = KUDU.server().masterServers();
        for (HostAndPort master : masters) {
            KUDU.server().miniCluster().pauseMasterServer(master);
        }
        try {
            assertThatThrownBy(() -> drain(planned))
                    .hasStackTraceContaining(
                            "Cannot open Kudu table 'sql_dim' on masters "
                                    + KUDU.masterAddresses()
                                    + " for a lookup (within 'client.admin-timeout' = PT2S)")
                    .hasStackTraceContaining("after 2 attempt");
        } finally {
            for (HostAndPort master : masters) {
                KUDU.server().miniCluster().resumeMasterServer(master);
            }
        }
    }

    /** A column dropped after planning: the scan fails naming the table and Kudu's message. */
    @Test
    void aScanErrorNamesTheTableAndKudusMessage() throws Exception {
        KuduClient client = KUDU.client();
        KuduLookupBatchingTest.createOneTablet(
                client, "sql_altered", key("k", Type.STRING), nullable("v", Type.INT32));
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(
                ddl("dim", "k STRING, v INT", "sql_altered", ", 'lookup.max-retries' = '0'")
                        + probe(3, 4));
        Table planned =
                sql.tableEnv()
                        .sqlQuery(
                                "SELECT p.id, d.v FROM probe p LEFT JOIN dim FOR SYSTEM_TIME AS"
                                        + " OF p.proc AS d ON d.k = p.k");
        client.alterTable("sql_altered", new AlterTableOptions().dropColumn("v"));

        assertThatThrownBy(() -> drain(planned))
                .hasStackTraceContaining(
                        "Lookup scan of Kudu table 'sql_altered' on masters "
                                + KUDU.masterAddresses()
                                + " failed: Unknown column: v");
    }

    private static void drain(Table table) throws Exception {
        try (CloseableIterator<Row> rows = table.execute().collect()) {
            while (rows.hasNext()) {
                rows.next();
            }
        }
    }

    private static void createTyped(KuduClient client) throws Exception {
        Schema schema =
                new Schema(
                        List.of(
                                key("a", Type.INT8),
                                key("s", Type.STRING),
                                new ColumnSchema.ColumnSchemaBuilder("dc", Type.DECIMAL)
                                        .key(true)
                                        .typeAttributes(
                                                new ColumnTypeAttributes
                                                                .ColumnTypeAttributesBuilder()
                                                        .precision(10)
                                                        .scale(2)
                                                        .build())
                                        .build(),
                                key("dt", Type.DATE),
                                key("ts", Type.UNIXTIME_MICROS),
                                nullable("v", Type.STRING)));
        client.createTable(
                "sql_typed",
                schema,
                new CreateTableOptions()
                        .addHashPartitions(List.of("a", "s", "dc", "dt", "ts"), 3)
                        .setNumReplicas(1));
    }

    private static Upsert dimRow(KuduTable table, String k, int v, String name) {
        Upsert upsert = table.newUpsert();
        upsert.getRow().addString("k", k);
        upsert.getRow().addInt("v", v);
        if (name == null) {
            upsert.getRow().setNull("name");
        } else {
            upsert.getRow().addString("name", name);
        }
        return upsert;
    }

    private static KuduSession session(KuduClient client) {
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        return session;
    }

    private static ColumnSchema key(String name, Type type) {
        return new ColumnSchema.ColumnSchemaBuilder(name, type).key(true).build();
    }

    private static ColumnSchema nullable(String name, Type type) {
        return new ColumnSchema.ColumnSchemaBuilder(name, type).nullable(true).build();
    }
}
