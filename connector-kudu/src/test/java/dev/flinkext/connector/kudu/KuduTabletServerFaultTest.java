package dev.flinkext.connector.kudu;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.kudu.KuduClusterExtension;
import dev.flinkext.testing.process.Poll;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.HostAndPort;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.LocatedTablet;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.SessionConfiguration;
import org.apache.kudu.client.Upsert;
import org.apache.kudu.test.cluster.MiniKuduCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static dev.flinkext.connector.kudu.KuduTestTables.scan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tablet server killed and started again while a Flink SQL job writes to, or scans, a Kudu table
 * with 3 replicas on 3 tablet servers: the server killed leads some of the table's tablets, so the
 * writes and scans have to move to the replicas that take over. Afterwards the table holds (and the
 * scan returned) exactly the expected rows: nothing lost, nothing doubled, no stale update winning.
 *
 * <p>The jobs run without a restart strategy: the connector itself, not a job restart from a
 * checkpoint, has to ride out the outage.
 */
class KuduTabletServerFaultTest {

    /** Its own cluster: the tests kill its tablet servers. */
    @RegisterExtension
    static final KuduClusterExtension KUDU = new KuduClusterExtension().tabletServers(3);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final int WRITE_ROWS = 30_000;
    private static final int GROUPS = 20;
    private static final int SCAN_ROWS = 6000;

    /** The tablet server down now, if any: started again after each test. */
    private final AtomicReference<HostAndPort> down = new AtomicReference<>();

    @AfterEach
    void startWhatIsDown() throws Exception {
        HostAndPort server = down.getAndSet(null);
        if (server != null) {
            KUDU.server().miniCluster().startTabletServer(server);
        }
    }

    @Test
    void aTabletServerKilledAndRestartedDuringASqlInsertLosesAndDuplicatesNothing()
            throws Exception {
        KuduClient client = KUDU.client();
        createReplicated(
                client, "fault_rows", 6, key("id", Type.INT64), nullable("v", Type.STRING));
        createReplicated(
                client,
                "fault_groups",
                3,
                key("g", Type.INT64),
                nullable("cnt", Type.INT64),
                nullable("total", Type.INT64));

        // a rate-limited source, so that the write spans the outage; the GROUP BY sends each
        // group's row again and again: a stale update re-sent after a newer one would show
        String script =
                "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen',"
                        + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',"
                        + " 'fields.id.end' = '"
                        + (WRITE_ROWS - 1)
                        + "', 'rows-per-second' = '3000');"
                        + kuduDdl(
                                "rows_t",
                                "id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED",
                                "fault_rows",
                                ", 'sink.buffer-flush.max-rows' = '200'")
                        + kuduDdl(
                                "groups_t",
                                "g BIGINT, cnt BIGINT, total BIGINT, PRIMARY KEY (g) NOT ENFORCED",
                                "fault_groups",
                                ", 'sink.buffer-flush.max-rows' = '50'")
                        + "EXECUTE STATEMENT SET BEGIN "
                        + "INSERT INTO rows_t SELECT id, CONCAT('v', CAST(id AS STRING)) FROM src"
                        + FlinkVersion.onConflictDeduplicate()
                        + ";"
                        + "INSERT INTO groups_t SELECT id % "
                        + GROUPS
                        + ", COUNT(*), SUM(id) FROM src GROUP BY id % "
                        + GROUPS
                        + "; END;";
        FlinkSql sql =
                FlinkSql.streaming()
                        .set("restart-strategy.type", "none")
                        .set("execution.checkpointing.interval", "300 ms");
        List<JobClient> jobs = sql.startScript(script);
        assertThat(jobs).hasSize(1);
        JobClient job = jobs.get(0);

        Poll.until(
                "a fifth of the rows in fault_rows",
                Duration.ofMinutes(2),
                () -> assertThat(jobStatus(job).isGloballyTerminalState()).isFalse(),
                () -> count(client, "fault_rows") >= WRITE_ROWS / 5);
        HostAndPort victim = busiestLeader(client, "fault_rows");
        long rowsAtKill = count(client, "fault_rows");
        KUDU.server().miniCluster().killTabletServer(victim);
        down.set(victim);
        assertThat(jobStatus(job))
                .as("the job still writes when the tablet server dies (%s rows in)", rowsAtKill)
                .isEqualTo(JobStatus.RUNNING);
        assertThat(rowsAtKill).isLessThan(WRITE_ROWS);

        // the other two replicas elect new leaders and take the writes while it is down
        Poll.until(
                "writes to go on with " + victim + " down",
                Duration.ofMinutes(2),
                () -> {},
                () -> count(client, "fault_rows") >= rowsAtKill + WRITE_ROWS / 10);
        KUDU.server().miniCluster().startTabletServer(victim);
        down.set(null);

        job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        List<String> rows =
                scan(client, "fault_rows", r -> r.getLong("id") + "=" + r.getString("v"));
        List<String> expectedRows = new ArrayList<>();
        for (long id = 0; id < WRITE_ROWS; id++) {
            expectedRows.add(id + "=v" + id);
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expectedRows);

        List<String> groups =
                scan(
                        client,
                        "fault_groups",
                        r -> r.getLong("g") + ":" + r.getLong("cnt") + "/" + r.getLong("total"));
        List<String> expectedGroups = new ArrayList<>();
        for (long g = 0; g < GROUPS; g++) {
            long cnt = 0;
            long total = 0;
            for (long id = g; id < WRITE_ROWS; id += GROUPS) {
                cnt++;
                total += id;
            }
            expectedGroups.add(g + ":" + cnt + "/" + total);
        }
        assertThat(groups).containsExactlyInAnyOrderElementsOf(expectedGroups);
    }

    // static: the task's copy of the function and this test share them
    static final AtomicInteger SEEN = new AtomicInteger();
    static final AtomicBoolean KILLED = new AtomicBoolean();
    static final AtomicReference<Runnable> KILL = new AtomicReference<>();

    @Test
    void aTabletServerKilledAndRestartedDuringASqlScanReturnsEveryRowOnce() throws Exception {
        KuduClient client = KUDU.client();
        // many tablets, read one after the other: most scanners open after the kill
        KuduTable table =
                createReplicated(
                        client,
                        "fault_scan",
                        12,
                        key("id", Type.INT64),
                        nullable("v", Type.STRING));
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        session.setMutationBufferSpace(SCAN_ROWS + 1);
        for (long id = 0; id < SCAN_ROWS; id++) {
            Upsert upsert = table.newUpsert();
            upsert.getRow().addLong("id", id);
            upsert.getRow().addString("v", "v" + id);
            session.apply(upsert);
        }
        assertThat(session.flush()).noneMatch(OperationResponse::hasRowError);
        session.close();

        MiniKuduCluster mini = KUDU.server().miniCluster();
        HostAndPort victim = busiestLeader(client, "fault_scan");
        AtomicReference<Throwable> restartFailure = new AtomicReference<>();
        Thread[] restarter = new Thread[1];
        SEEN.set(0);
        KILLED.set(false);
        KILL.set(
                () -> {
                    try {
                        mini.killTabletServer(victim);
                        down.set(victim);
                    } catch (Exception e) {
                        throw new IllegalStateException("could not kill " + victim, e);
                    }
                    restarter[0] =
                            new Thread(
                                    () -> {
                                        try {
                                            Thread.sleep(2000);
                                            mini.startTabletServer(victim);
                                            down.set(null);
                                        } catch (Throwable t) {
                                            restartFailure.set(t);
                                        }
                                    },
                                    "restart " + victim);
                    restarter[0].start();
                });

        FlinkSql sql = FlinkSql.streaming().parallelism(1).set("restart-strategy.type", "none");
        sql.tableEnv().createTemporarySystemFunction("kill_once", KillOnceAtTheFirstRow.class);
        sql.executeScript(
                kuduDdl(
                        "t",
                        "id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED",
                        "fault_scan",
                        ""));
        List<Row> rows = sql.collect("SELECT kill_once(id), v FROM t");

        if (restarter[0] != null) {
            restarter[0].join(60_000);
        }
        assertThat(KILLED).as("the tablet server was killed").isTrue();
        assertThat(restartFailure.get()).as("tablet server restart").isNull();
        List<String> expected = new ArrayList<>();
        for (long id = 0; id < SCAN_ROWS; id++) {
            expected.add(id + "=v" + id);
        }
        assertThat(rows.stream().map(r -> r.getField(0) + "=" + r.getField(1)).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Passes ids on; at the first row kills the tablet server once; slow enough to span it. */
    public static final class KillOnceAtTheFirstRow extends ScalarFunction {
        public Long eval(Long id) throws InterruptedException {
            if (SEEN.incrementAndGet() == 1 && KILLED.compareAndSet(false, true)) {
                KILL.get().run();
            }
            if (SEEN.get() % 10 == 0) {
                Thread.sleep(1); // ~0.6 s of reading, so the scan spans the outage
            }
            return id;
        }

        @Override
        public boolean isDeterministic() {
            return false; // keep the planner from folding or reordering it
        }
    }

    private static KuduTable createReplicated(
            KuduClient client, String name, int tablets, ColumnSchema... columns) throws Exception {
        Schema schema = new Schema(List.of(columns));
        client.createTable(
                name,
                schema,
                new CreateTableOptions()
                        .addHashPartitions(List.of(columns[0].getName()), tablets)
                        .setNumReplicas(3));
        return client.openTable(name);
    }

    private static String kuduDdl(String name, String columns, String table, String options) {
        return "CREATE TABLE "
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

    /** The tablet server that leads the most tablets of {@code table}. */
    private static HostAndPort busiestLeader(KuduClient client, String table) throws Exception {
        Map<HostAndPort, Integer> leads = new HashMap<>();
        for (LocatedTablet tablet : client.openTable(table).getTabletsLocations(30_000)) {
            LocatedTablet.Replica leader = tablet.getLeaderReplica();
            assertThat(leader).as("leader of tablet %s", tablet).isNotNull();
            leads.merge(new HostAndPort(leader.getRpcHost(), leader.getRpcPort()), 1, Integer::sum);
        }
        HostAndPort busiest =
                leads.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertThat(KUDU.server().tabletServers()).contains(busiest);
        return busiest;
    }

    private static long count(KuduClient client, String table) throws Exception {
        KuduTable kuduTable = client.openTable(table);
        KuduScanner scanner =
                client.newScannerBuilder(kuduTable)
                        .setProjectedColumnIndexes(List.of(0))
                        .setFaultTolerant(true)
                        .build();
        long rows = 0;
        while (scanner.hasMoreRows()) {
            rows += scanner.nextRows().getNumRows();
        }
        scanner.close();
        return rows;
    }

    private static JobStatus jobStatus(JobClient job) {
        try {
            return job.getJobStatus().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the job's status", e);
        }
    }
}
