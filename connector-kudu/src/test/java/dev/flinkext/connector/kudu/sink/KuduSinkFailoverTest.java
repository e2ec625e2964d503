package dev.flinkext.connector.kudu.sink;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduSinkOptions;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

import org.apache.kudu.Type;
import org.apache.kudu.client.HostAndPort;
import org.apache.kudu.test.cluster.MiniKuduCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.flinkext.connector.kudu.KuduTestTables.create;
import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static dev.flinkext.connector.kudu.KuduTestTables.scan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults during a checkpointed job writing a changelog (+I for every id, -D for every tenth) into
 * Kudu through {@link KuduSink}: a task failure after a checkpoint, and a tablet server killed and
 * restarted mid-write. Either way the table ends with exactly the expected rows: nothing lost,
 * nothing deleted stays.
 */
class KuduSinkFailoverTest {

    /** Its own cluster: a test kills its tablet server. */
    @RegisterExtension static final KuduClusterExtension KUDU = new KuduClusterExtension();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final long ROWS = 3000;

    private static final RowType ROW =
            RowType.of(
                    new LogicalType[] {
                        new BigIntType(false), new VarCharType(VarCharType.MAX_LENGTH)
                    },
                    new String[] {"id", "v"});

    // static: the task's copy of the function and this test share them
    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicBoolean INJECTED = new AtomicBoolean();
    static final AtomicInteger MAX_ATTEMPT = new AtomicInteger();
    static final AtomicReference<Runnable> FAULT = new AtomicReference<>();

    @BeforeEach
    void reset() {
        CHECKPOINTED.set(false);
        INJECTED.set(false);
        MAX_ATTEMPT.set(0);
        FAULT.set(null);
    }

    @Test
    void restartFromACheckpointLeavesExactlyTheExpectedRows() throws Exception {
        create(KUDU.client(), "failover", key("id", Type.INT64), nullable("v", Type.STRING));
        FAULT.set(
                () -> {
                    throw new IllegalStateException("injected failure");
                });

        run("failover", KuduSinkOptions.builder().bufferFlushMaxRows(10_000).build());

        assertThat(INJECTED).as("the failure was injected").isTrue();
        assertThat(MAX_ATTEMPT.get()).as("the job restarted").isPositive();
        assertThat(ids("failover")).containsExactlyElementsOf(expectedIds());
    }

    @Test
    void aTabletServerKilledAndRestartedMidWriteLosesNothing() throws Exception {
        create(KUDU.client(), "ts_restart", key("id", Type.INT64), nullable("v", Type.STRING));
        MiniKuduCluster mini = KUDU.server().miniCluster();
        HostAndPort tabletServer = mini.getTabletServers().get(0);
        AtomicReference<Throwable> restartFailure = new AtomicReference<>();
        Thread[] restarter = new Thread[1];
        FAULT.set(
                () -> {
                    try {
                        mini.killTabletServer(tabletServer);
                    } catch (Exception e) {
                        throw new IllegalStateException("could not kill " + tabletServer, e);
                    }
                    // back after a while, from another thread: the job keeps writing meanwhile
                    restarter[0] =
                            new Thread(
                                    () -> {
                                        try {
                                            Thread.sleep(1500);
                                            mini.startTabletServer(tabletServer);
                                        } catch (Throwable t) {
                                            restartFailure.set(t);
                                        }
                                    },
                                    "restart " + tabletServer);
                    restarter[0].start();
                });

        // writes sent while the server is down come back unconfirmed and are retried; enough
        // retries to outlast the outage, and a job restart from the checkpoint behind them
        run(
                "ts_restart",
                KuduSinkOptions.builder()
                        .bufferFlushMaxRows(200)
                        .maxRetries(20)
                        .retryBackoff(Duration.ofMillis(200))
                        .retryMaxBackoff(Duration.ofSeconds(1))
                        .build());

        restarter[0].join(60_000);
        assertThat(restartFailure.get()).as("tablet server restart").isNull();
        assertThat(INJECTED).as("the tablet server was killed").isTrue();
        assertThat(ids("ts_restart")).containsExactlyElementsOf(expectedIds());
    }

    private static void run(String table, KuduSinkOptions options) throws Exception {
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        env.configure(conf);
        env.enableCheckpointing(100);
        env.setParallelism(2);
        KuduSink sink =
                KuduSink.builder()
                        .connection(
                                KuduConnectionOptions.builder(KUDU.masterAddresses())
                                        .operationTimeout(Duration.ofSeconds(3))
                                        .build())
                        .tableName(table)
                        .rowType(ROW, List.of("id"))
                        .options(options)
                        .build();
        env.fromSequence(0, ROWS - 1)
                .flatMap(new FaultOnceAfterCheckpoint())
                .returns(TypeInformation.of(RowData.class))
                .sinkTo(sink);
        env.execute("kudu sink fault: " + table);
    }

    private static List<Long> ids(String table) throws Exception {
        List<String> rows =
                scan(KUDU.client(), table, r -> r.getLong("id") + "=" + r.getString("v"));
        List<Long> ids = new ArrayList<>();
        for (String row : rows) {
            long id = Long.parseLong(row.substring(0, row.indexOf('=')));
            assertThat(row).isEqualTo(id + "=v" + id);
            ids.add(id);
        }
        ids.sort(null);
        return ids;
    }

    private static List<Long> expectedIds() {
        List<Long> ids = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            if (i % 10 != 0) {
                ids.add(i);
            }
        }
        return ids;
    }

    /**
     * Emits +I (id, v) per number, then -D for every tenth; slows down until a checkpoint has
     * completed, then runs {@link #FAULT} once (on the subtask that gets there first).
     */
    static final class FaultOnceAfterCheckpoint extends RichFlatMapFunction<Long, RowData>
            implements CheckpointListener {

        @Override
        public void flatMap(Long i, Collector<RowData> out) throws Exception {
            MAX_ATTEMPT.accumulateAndGet(
                    getRuntimeContext().getTaskInfo().getAttemptNumber(), Math::max);
            if (!INJECTED.get()) {
                if (CHECKPOINTED.get() && i % 7 == 3 && INJECTED.compareAndSet(false, true)) {
                    FAULT.get().run();
                }
                Thread.sleep(1); // keep rows coming until a checkpoint completes
            }
            out.collect(GenericRowData.of(i, StringData.fromString("v" + i)));
            if (i % 10 == 0) {
                out.collect(GenericRowData.ofKind(RowKind.DELETE, i, null));
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }
}
