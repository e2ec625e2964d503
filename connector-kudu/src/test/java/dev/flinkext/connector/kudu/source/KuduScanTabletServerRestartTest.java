package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.HostAndPort;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.SessionConfiguration;
import org.apache.kudu.client.Upsert;
import org.apache.kudu.test.cluster.MiniKuduCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tablet server killed in the middle of a scan and started again: the fault-tolerant scanners go
 * on on the tablets' other replicas (3 replicas on 3 tablet servers), and the job reads every row
 * exactly once.
 */
class KuduScanTabletServerRestartTest {

    /** Its own cluster: the test kills one of its tablet servers. */
    @RegisterExtension
    static final KuduClusterExtension KUDU = new KuduClusterExtension().tabletServers(3);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final int ROWS = 6000;

    // static: the task's copy of the function and this test share them
    static final AtomicInteger SEEN = new AtomicInteger();
    static final AtomicBoolean KILLED = new AtomicBoolean();
    static final AtomicReference<Runnable> KILL = new AtomicReference<>();

    @Test
    void aTabletServerRestartedMidScanLosesAndRepeatsNoRow() throws Exception {
        KuduClient client = KUDU.client();
        client.createTable(
                "restart_scan",
                new Schema(List.of(key("id", Type.INT64))),
                new CreateTableOptions()
                        // many tablets: most scanners open after the kill (a reader fetches only
                        // a few tablets ahead of the rows it has handed on)
                        .addHashPartitions(List.of("id"), 12)
                        .setNumReplicas(3));
        KuduTable table = client.openTable("restart_scan");
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        session.setMutationBufferSpace(ROWS + 1);
        for (long id = 0; id < ROWS; id++) {
            Upsert upsert = table.newUpsert();
            upsert.getRow().addLong("id", id);
            session.apply(upsert);
        }
        assertThat(session.flush()).noneMatch(OperationResponse::hasRowError);
        session.close();

        MiniKuduCluster mini = KUDU.server().miniCluster();
        HostAndPort victim = mini.getTabletServers().get(0);
        AtomicReference<Throwable> restartFailure = new AtomicReference<>();
        Thread[] restarter = new Thread[1];
        KILL.set(
                () -> {
                    try {
                        mini.killTabletServer(victim);
                    } catch (Exception e) {
                        throw new IllegalStateException("could not kill " + victim, e);
                    }
                    restarter[0] =
                            new Thread(
                                    () -> {
                                        try {
                                            Thread.sleep(2000);
                                            mini.startTabletServer(victim);
                                        } catch (Throwable t) {
                                            restartFailure.set(t);
                                        }
                                    },
                                    "restart " + victim);
                    restarter[0].start();
                });

        RowType idOnly = RowType.of(new LogicalType[] {new BigIntType(false)}, new String[] {"id"});
        KuduSource source =
                KuduSource.builder()
                        .connection(KuduConnectionOptions.builder(KUDU.masterAddresses()).build())
                        .tableName("restart_scan")
                        .rowType(idOnly)
                        .producedType(InternalTypeInfo.of(idOnly))
                        .build();
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(1); // one reader: the tablets are read one after the other
        List<Long> ids = new ArrayList<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kudu restart_scan")
                .map(new KillOnceAtTheFirstRow())
                .executeAndCollect()
                .forEachRemaining(ids::add);

        if (restarter[0] != null) {
            restarter[0].join(60_000);
        }
        assertThat(KILLED).as("the tablet server was killed").isTrue();
        assertThat(restartFailure.get()).as("tablet server restart").isNull();
        ids.sort(null);
        assertThat(ids).containsExactlyElementsOf(LongStream.range(0, ROWS).boxed().toList());
    }

    /**
     * Passes ids on; after a third of them kills the tablet server once; slow enough to span it.
     */
    static final class KillOnceAtTheFirstRow implements MapFunction<RowData, Long> {
        @Override
        public Long map(RowData row) throws Exception {
            if (SEEN.incrementAndGet() == 1 && KILLED.compareAndSet(false, true)) {
                KILL.get().run();
            }
            if (SEEN.get() % 10 == 0) {
                Thread.sleep(1); // ~0.6 s of reading, so the scan spans the outage
            }
            return row.getLong(0);
        }
    }
}
