package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.testing.flink.FailOnceAfterACheckpoint;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.LogCapture;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.SessionConfiguration;
import org.apache.kudu.client.Upsert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link KuduSource} from DataStream, without SQL: filters, projection, limit, splits per tablet,
 * and a failover in the middle of the scan that loses and repeats no row.
 */
class KuduSourceDataStreamTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU = new KuduClusterExtension().tabletServers(3);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final String TABLE = "events";
    private static final int ROWS = 3000;

    private static final RowType ID_NAME =
            RowType.of(
                    new LogicalType[] {
                        new BigIntType(false), new VarCharType(VarCharType.MAX_LENGTH)
                    },
                    new String[] {"id", "name"});

    @BeforeAll
    static void createEvents() throws Exception {
        KuduClient client = KUDU.client();
        Schema schema =
                new Schema(
                        List.of(
                                key("id", Type.INT64),
                                nullable("grp", Type.INT32),
                                nullable("name", Type.STRING)));
        client.createTable(
                TABLE,
                schema,
                new CreateTableOptions().addHashPartitions(List.of("id"), 3).setNumReplicas(1));
        KuduTable table = client.openTable(TABLE);
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        session.setMutationBufferSpace(ROWS + 1);
        for (long id = 0; id < ROWS; id++) {
            Upsert upsert = table.newUpsert();
            upsert.getRow().addLong("id", id);
            upsert.getRow().addInt("grp", (int) (id % 5));
            upsert.getRow().addString("name", "event-" + id);
            session.apply(upsert);
        }
        List<OperationResponse> responses = session.flush();
        assertThat(responses).noneMatch(OperationResponse::hasRowError);
        session.close();
    }

    private static KuduSource.Builder source(RowType rowType) {
        return KuduSource.builder()
                .connection(KuduConnectionOptions.builder(KUDU.masterAddresses()).build())
                .tableName(TABLE)
                .rowType(rowType)
                .producedType(InternalTypeInfo.of(rowType));
    }

    private static List<String> run(KuduSource source, int parallelism) throws Exception {
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(parallelism);
        List<String> rows = new ArrayList<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kudu events")
                .map(r -> r.getLong(0) + "=" + r.getString(1))
                .executeAndCollect()
                .forEachRemaining(rows::add);
        return rows;
    }

    @Test
    void oneSplitPerTabletThatThePredicatesDoNotPrune() throws Exception {
        KuduConnectionOptions connection =
                KuduConnectionOptions.builder(KUDU.masterAddresses()).build();
        KuduClient client = KUDU.client();
        KuduSource all = source(ID_NAME).build();
        assertThat(KuduScanTokens.splits(client, connection, all.spec(), false)).hasSize(3);
        KuduSource one =
                source(ID_NAME)
                        .filters(List.of(KuduFilter.compare("id", KuduFilter.Op.EQUAL, 42L)))
                        .build();
        assertThat(KuduScanTokens.splits(client, connection, one.spec(), false)).hasSize(1);
    }

    @Test
    void rangeAndHashPartitionsArePrunedByThePredicates() throws Exception {
        KuduClient client = KUDU.client();
        Schema schema = new Schema(List.of(key("id", Type.INT64), nullable("name", Type.STRING)));
        CreateTableOptions options =
                new CreateTableOptions()
                        .addHashPartitions(List.of("id"), 2)
                        .setRangePartitionColumns(List.of("id"))
                        .setNumReplicas(1);
        for (long bound : new long[] {100, 200}) {
            PartialRow split = schema.newPartialRow();
            split.addLong("id", bound);
            options.addSplitRow(split);
        }
        client.createTable("ranged", schema, options);
        KuduConnectionOptions connection =
                KuduConnectionOptions.builder(KUDU.masterAddresses()).build();
        KuduSource.Builder ranged =
                KuduSource.builder()
                        .connection(connection)
                        .tableName("ranged")
                        .rowType(ID_NAME)
                        .producedType(InternalTypeInfo.of(ID_NAME));
        assertThat(KuduScanTokens.splits(client, connection, ranged.build().spec(), false))
                .as("2 hash buckets x 3 ranges")
                .hasSize(6);
        KuduSource firstRange =
                ranged.filters(List.of(KuduFilter.compare("id", KuduFilter.Op.LESS, 100L))).build();
        assertThat(KuduScanTokens.splits(client, connection, firstRange.spec(), false)).hasSize(2);
        KuduSource oneKey =
                ranged.filters(List.of(KuduFilter.compare("id", KuduFilter.Op.EQUAL, 5L))).build();
        assertThat(KuduScanTokens.splits(client, connection, oneKey.spec(), false)).hasSize(1);
    }

    @Test
    void filtersAndProjectionAreEvaluatedByKudu() throws Exception {
        KuduSource source =
                source(ID_NAME)
                        .filters(
                                List.of(
                                        KuduFilter.in("grp", List.of(1, 2)),
                                        KuduFilter.compare(
                                                "id", KuduFilter.Op.GREATER_EQUAL, 2990L)))
                        .build();
        assertThat(run(source, 2))
                .containsExactlyInAnyOrder(
                        "2991=event-2991", "2992=event-2992", "2996=event-2996", "2997=event-2997");
    }

    @Test
    void aLimitCapsEachReader() throws Exception {
        List<String> rows = run(source(ID_NAME).limit(10).build(), 1);
        assertThat(rows).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void aFilterOnAMissingColumnFailsWhenTheSourceIsBuilt() {
        assertThatThrownBy(
                        () -> source(ID_NAME).filters(List.of(KuduFilter.isNull("nope"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'nope'");
        RowType wrong = RowType.of(new LogicalType[] {new IntType()}, new String[] {"id"});
        assertThatThrownBy(() -> source(wrong).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Column 'id' of type INT cannot hold Kudu column 'id'");
    }

    @Test
    void aFailoverInTheMiddleOfTheScanLosesAndRepeatsNoRow() throws Exception {
        StreamExecutionEnvironment env =
                FailOnceAfterACheckpoint.prepare(FLINK.server().streamEnvironment());
        List<Long> ids = new ArrayList<>();
        List<String> resumed;
        try (LogCapture log = new LogCapture(KuduSnapshotScan.class)) {
            env.fromSource(source(ID_NAME).build(), WatermarkStrategy.noWatermarks(), "kudu events")
                    .map(new FailOnceAfterACheckpoint(500))
                    .map(row -> row.getLong(0))
                    .executeAndCollect()
                    .forEachRemaining(ids::add);
            resumed = List.copyOf(log.messages);
        }
        assertThat(FailOnceAfterACheckpoint.FAILED).isTrue();
        // the restore resumed at least one half-read split by skipping rows, not from its start
        assertThat(resumed).anyMatch(m -> m.startsWith("Resuming tablet"));
        ids.sort(Long::compare);
        assertThat(ids).containsExactlyElementsOf(LongStream.range(0, ROWS).boxed().toList());
    }
}
