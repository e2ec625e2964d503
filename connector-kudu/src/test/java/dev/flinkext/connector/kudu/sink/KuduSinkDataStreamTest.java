package dev.flinkext.connector.kudu.sink;

import dev.flinkext.connector.kudu.client.KuduClients;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduSinkOptions;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;

import org.apache.kudu.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.flinkext.connector.kudu.KuduTestTables.create;
import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static dev.flinkext.connector.kudu.KuduTestTables.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link KuduSink} from DataStream, without SQL: changelogs with deletes, ignore-not-found. */
class KuduSinkDataStreamTest {

    @RegisterExtension static final KuduClusterExtension KUDU = new KuduClusterExtension();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final RowType ROW =
            RowType.of(
                    new org.apache.flink.table.types.logical.LogicalType[] {
                        new BigIntType(false), new VarCharType(VarCharType.MAX_LENGTH)
                    },
                    new String[] {"id", "name"});

    private static RowData row(RowKind kind, long id, String name) {
        return GenericRowData.ofKind(kind, id, name == null ? null : StringData.fromString(name));
    }

    private static KuduSink sink(String table, KuduSinkOptions options) {
        return KuduSink.builder()
                .connection(KuduConnectionOptions.builder(KUDU.masterAddresses()).build())
                .tableName(table)
                .rowType(ROW, List.of("id"))
                .options(options)
                .build();
    }

    private static void run(List<RowData> rows, KuduSink sink) throws Exception {
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(1);
        env.fromData(rows, InternalTypeInfo.of(ROW)).sinkTo(sink);
        env.execute();
    }

    private static List<String> rows(String table) throws Exception {
        return scan(
                        KUDU.client(),
                        table,
                        r ->
                                r.getLong("id")
                                        + "="
                                        + (r.isNull("name") ? null : r.getString("name")))
                .stream()
                .sorted()
                .toList();
    }

    private static void createTable(String name) throws Exception {
        create(KUDU.client(), name, key("id", Type.INT64), nullable("name", Type.STRING));
    }

    @Test
    void changelogWithUpdatesAndDeletes() throws Exception {
        createTable("changes");
        run(
                List.of(
                        row(RowKind.INSERT, 1, "a"),
                        row(RowKind.INSERT, 2, "b"),
                        row(RowKind.INSERT, 3, "c"),
                        row(RowKind.UPDATE_BEFORE, 2, "b"),
                        row(RowKind.UPDATE_AFTER, 2, "B"),
                        row(RowKind.DELETE, 3, "c"),
                        row(RowKind.INSERT, 4, null)),
                sink("changes", KuduSinkOptions.builder().bufferFlushMaxRows(1).build()));
        assertThat(rows("changes")).containsExactly("1=a", "2=B", "4=null");

        // the same in one buffer: the last change per key wins; the delete of a row that only
        // the buffer held finds no row in Kudu and counts as done
        createTable("reduced");
        run(
                List.of(
                        row(RowKind.INSERT, 1, "a"),
                        row(RowKind.INSERT, 5, "e"),
                        row(RowKind.UPDATE_BEFORE, 1, "a"),
                        row(RowKind.UPDATE_AFTER, 1, "A"),
                        row(RowKind.DELETE, 5, "e")),
                sink(
                        "reduced",
                        KuduSinkOptions.builder()
                                .bufferFlushInterval(java.time.Duration.ZERO)
                                .build()));
        assertThat(rows("reduced")).containsExactly("1=A");
    }

    @Test
    void deleteOfAnAbsentRowFailsNamingTheKeyUnlessIgnored() throws Exception {
        createTable("absent");
        List<RowData> rows = List.of(row(RowKind.INSERT, 1, "a"), row(RowKind.DELETE, 99, null));
        assertThatThrownBy(() -> run(rows, sink("absent", KuduSinkOptions.builder().build())))
                .hasStackTraceContaining(
                        "Kudu rejected DELETE of the row with key (int64 id=99) in Kudu table"
                                + " 'absent' on masters "
                                + KUDU.masterAddresses())
                .hasStackTraceContaining("Not found")
                .hasStackTraceContaining("'sink.ignore-not-found' = 'true'");

        createTable("absent_ignored");
        run(rows, sink("absent_ignored", KuduSinkOptions.builder().ignoreNotFound(true).build()));
        assertThat(rows("absent_ignored")).containsExactly("1=a");
    }

    @Test
    void buildChecksTheRowTypeAgainstTheTable() throws Exception {
        createTable("checked");
        assertThatThrownBy(
                        () ->
                                KuduSink.builder()
                                        .connection(
                                                KuduConnectionOptions.builder(
                                                                KUDU.masterAddresses())
                                                        .build())
                                        .tableName("checked")
                                        .rowType(ROW, List.of("name"))
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "The DDL's PRIMARY KEY (name) differs from the primary key (id)");
    }

    @Test
    void writersShareOneClientPerConnectionOptions() throws Exception {
        KuduConnectionOptions options =
                KuduConnectionOptions.builder(KUDU.masterAddresses()).build();
        KuduConnectionOptions other =
                KuduConnectionOptions.builder(KUDU.masterAddresses())
                        .operationTimeout(java.time.Duration.ofSeconds(5))
                        .build();
        try (var first = KuduClients.acquire(options);
                var second = KuduClients.acquire(options);
                var third = KuduClients.acquire(other)) {
            assertThat(first.get()).isSameAs(second.get());
            assertThat(third.get()).isNotSameAs(first.get());
            assertThat(KuduClients.references(options)).isEqualTo(2);
            assertThat(third.get().getDefaultOperationTimeoutMs()).isEqualTo(5000);
            // lookups hold the same client: its async core, not a second client
            try (var lookups = KuduClients.acquireAsync(options)) {
                assertThat(KuduClients.references(options)).isEqualTo(3);
                assertThat(lookups.get().getDefaultOperationTimeoutMs())
                        .isEqualTo(first.get().getDefaultOperationTimeoutMs());
            }
        }
        assertThat(KuduClients.references(options)).isZero();
        assertThat(KuduClients.references(other)).isZero();
    }
}
