package dev.flinkext.connector.clickhouse.source;

import dev.flinkext.connector.clickhouse.client.ClickHouseTables;
import dev.flinkext.connector.clickhouse.cluster.ClickHouseClusterLayout;
import dev.flinkext.connector.clickhouse.cluster.ClickHouseClusterLayouts;
import dev.flinkext.connector.clickhouse.cluster.ShardEndpoints;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseReadMapping;
import dev.flinkext.testing.clickhouse.ClickHouseCluster;
import dev.flinkext.testing.clickhouse.ClickHouseClusterExtension;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.flink.FailOnceAfterACheckpoint;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.LogCapture;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan source under failures, from DataStream: a job failing after a checkpoint taken while
 * splits are half read resumes each split after its last emitted row; a replica killed while a
 * split streams from it lets the split continue at the shard's other replica. Both read every row
 * exactly once.
 */
class ClickHouseSourceFailoverTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    /** One shard of two replicas: the test kills the first. */
    @RegisterExtension
    static final ClickHouseClusterExtension REPLICATED =
            new ClickHouseClusterExtension().shardWeights(1).replicas(2);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final RowType ROW =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                                    DataTypes.FIELD("pad", DataTypes.STRING().notNull()))
                            .getLogicalType();

    // static: the task's copy of the function and this test share them
    static final AtomicBoolean KILLED = new AtomicBoolean();
    static final AtomicReference<Runnable> KILL = new AtomicReference<>();

    private static ClickHouseSource source(
            ClickHouseConnectionOptions connection, String table, boolean distributed) {
        ClickHouseClusterLayout layout =
                distributed
                        ? ClickHouseClusterLayouts.read(
                                connection,
                                "default",
                                table,
                                ShardEndpoints.sameAsConfigured(connection.endpoints().get(0)))
                        : null;
        String engine =
                distributed
                        ? ClickHouseTables.engineFull(
                                connection, "default", layout.engine().remoteTable())
                        : ClickHouseTables.engineFull(connection, "default", table);
        ClickHouseReadMapping mapping =
                ClickHouseReadMapping.resolve(
                        table,
                        ROW,
                        ClickHouseTables.columns(connection, "default", table),
                        ZoneId.of("UTC"));
        return new ClickHouseSource(
                connection,
                ClickHouseScanTarget.of(connection, "default", table, layout, engine),
                new ClickHouseScanQuery(
                        mapping.selectList(), false, List.of(), true, ClickHouseScanQuery.NO_LIMIT),
                mapping,
                InternalTypeInfo.of(ROW));
    }

    private static String fill(String table, long rows) {
        return "INSERT INTO default."
                + table
                + " SELECT number, concat(toString(number % 1000),"
                + " '-padding-padding-padding-padding-padding-padding-padding-padding')"
                + " FROM system.numbers LIMIT "
                + rows;
    }

    @Test
    void aFailoverAfterACheckpointResumesEachSplitAfterItsLastRow() throws Exception {
        int rows = 6000;
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.resume (id Int64, pad String) ENGINE = MergeTree"
                        + " PARTITION BY id % 4 ORDER BY pad");
        server.execute(fill("resume", rows));
        StreamExecutionEnvironment env =
                FailOnceAfterACheckpoint.prepare(FLINK.server().streamEnvironment());
        List<Long> ids = new ArrayList<>();
        List<String> logged;
        try (LogCapture log = new LogCapture(ClickHouseSplitReader.class)) {
            env.fromSource(
                            source(
                                    ClickHouseConnectionOptions.builder(server.httpUrl()).build(),
                                    "resume",
                                    false),
                            WatermarkStrategy.noWatermarks(),
                            "clickhouse resume")
                    .map(new FailOnceAfterACheckpoint(1000))
                    .map(row -> row.getLong(0))
                    .executeAndCollect()
                    .forEachRemaining(ids::add);
            logged = List.copyOf(log.messages);
        }
        assertThat(FailOnceAfterACheckpoint.FAILED).isTrue();
        // the restore skipped the rows a half-read split had emitted, it did not read it again
        assertThat(logged).anyMatch(m -> m.startsWith("Resuming ClickHouse split"));
        ids.sort(Long::compare);
        assertThat(ids).containsExactlyElementsOf(LongStream.range(0, rows).boxed().toList());
    }

    @Test
    void aReplicaKilledMidSplitLetsTheSplitContinueAtTheOtherReplica() throws Exception {
        long rows = 300_000; // ~25 MB: more than socket buffers hold when the replica dies
        ClickHouseCluster cluster = REPLICATED.server();
        cluster.executeOnAll(
                "CREATE TABLE default.killed_local (id Int64, pad String) ENGINE ="
                        + " ReplicatedMergeTree('/clickhouse/tables/{shard}/killed', '{replica}')"
                        + " ORDER BY id");
        cluster.createDistributed("killed", "killed_local", "rand()");
        List<ClickHouseServer> replicas = cluster.replicas(0);
        replicas.get(0).execute(fill("killed_local", rows));
        for (int i = 0; i < 300; i++) {
            String count = replicas.get(1).queryText("SELECT count() FROM default.killed_local");
            if (count.strip().equals(Long.toString(rows))) {
                break;
            }
            Thread.sleep(100);
        }
        ClickHouseServer first = replicas.get(0);
        KILL.set(() -> ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly));

        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(1);
        List<Long> ids = new ArrayList<>();
        List<String> logged;
        try (LogCapture log = new LogCapture(ClickHouseSplitReader.class)) {
            env.fromSource(
                            source(
                                    ClickHouseConnectionOptions.builder(first.httpUrl()).build(),
                                    "killed",
                                    true),
                            WatermarkStrategy.noWatermarks(),
                            "clickhouse killed")
                    .map(new KillAtTheFirstRow())
                    .executeAndCollect()
                    .forEachRemaining(ids::add);
            logged = List.copyOf(log.messages);
        } finally {
            first.stop();
        }
        assertThat(KILLED).isTrue();
        assertThat(logged).anyMatch(m -> m.startsWith("Reading ClickHouse split"));
        ids.sort(Long::compare);
        assertThat(ids).containsExactlyElementsOf(LongStream.range(0, rows).boxed().toList());
    }

    /** Passes ids on; kills the first replica at the first row, while its split streams. */
    static final class KillAtTheFirstRow implements MapFunction<RowData, Long> {
        @Override
        public Long map(RowData row) {
            if (KILLED.compareAndSet(false, true)) {
                KILL.get().run();
            }
            return row.getLong(0);
        }
    }
}
