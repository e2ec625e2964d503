package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.sink.config.SinkWriterOptions;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.process.FreePorts;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ClickHouseSink} from DataStream on a MiniCluster, into a real 18.16 server. */
class ClickHouseSinkDataStreamTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final RowType ROW =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                                    DataTypes.FIELD("odd name", DataTypes.STRING()),
                                    DataTypes.FIELD("amount", DataTypes.DECIMAL(18, 2)),
                                    DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3)),
                                    DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())),
                                    DataTypes.FIELD("code", DataTypes.STRING()))
                            .getLogicalType();

    private static ClickHouseConnectionOptions connection() {
        return ClickHouseConnectionOptions.builder(CLICKHOUSE.server().httpUrl()).build();
    }

    private static void createTable(String name) {
        CLICKHOUSE
                .server()
                .execute(
                        "CREATE TABLE default."
                                + name
                                + " (id UInt64, `odd name` Nullable(String), amount Decimal(18, 2),"
                                + " ts DateTime, tags Array(String), code FixedString(2),"
                                + " d Date DEFAULT toDate('2000-01-02'),"
                                + " twice UInt64 MATERIALIZED id * 2)"
                                + " ENGINE = MergeTree ORDER BY id");
    }

    private static RowData row(RowKind kind, long id) {
        GenericRowData row =
                GenericRowData.of(
                        id,
                        id % 3 == 0 ? null : StringData.fromString("n" + id + " ✓"),
                        DecimalData.fromBigDecimal(BigDecimal.valueOf(id * 101 - 5000, 2), 18, 2),
                        TimestampData.fromLocalDateTime(
                                LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(id * 61)),
                        new GenericArrayData(
                                new Object[] {
                                    StringData.fromString("t" + id % 5), StringData.fromString("")
                                }),
                        StringData.fromString(id % 2 == 0 ? "ab" : "c"));
        row.setRowKind(kind);
        return row;
    }

    private static String expected(long id) {
        return String.join(
                "\t",
                String.valueOf(id),
                id % 3 == 0 ? "\\N" : "n" + id + " ✓",
                new BigDecimal(BigInteger(id * 101 - 5000)).movePointLeft(2).toPlainString(),
                LocalDateTime.of(2024, 1, 1, 0, 0)
                        .plusSeconds(id * 61)
                        .toString()
                        .replace('T', ' ')
                        .concat(id * 61 % 60 == 0 ? ":00" : ""),
                "['t" + id % 5 + "','']",
                id % 2 == 0 ? "ab" : "c\\0",
                "2000-01-02",
                String.valueOf(id * 2));
    }

    private static java.math.BigInteger BigInteger(long value) {
        return java.math.BigInteger.valueOf(value);
    }

    private static ClickHouseSink sink(String table, SinkWriterOptions options) {
        return ClickHouseSink.builder()
                .connection(connection())
                .table("default", table)
                .rowType(ROW)
                .options(options)
                .build();
    }

    private static void run(List<RowData> rows, ClickHouseSink sink, int parallelism)
            throws Exception {
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(parallelism);
        env.fromData(rows, InternalTypeInfo.of(ROW)).rebalance().sinkTo(sink);
        env.execute();
    }

    @Test
    void appendsEveryRowExactlyInBatches() throws Exception {
        createTable("appended");
        List<RowData> rows = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (long id = 0; id < 1000; id++) {
            rows.add(row(RowKind.INSERT, id));
            expected.add(expected(id));
        }
        run(
                rows,
                sink(
                        "appended",
                        SinkWriterOptions.builder().maxRows(97).maxInFlightBatches(3).build()),
                2);
        ClickHouseServer server = CLICKHOUSE.server();
        String table =
                server.queryText(
                        "SELECT id, `odd name`, amount, ts, tags, code, d, twice"
                                + " FROM default.appended ORDER BY id");
        assertThat(table.split("\n")).containsExactlyElementsOf(expected);
    }

    @Test
    void refusesUpdatesAndDeletes() throws Exception {
        createTable("append_only");
        assertThatThrownBy(
                        () ->
                                run(
                                        List.of(
                                                row(RowKind.INSERT, 1),
                                                row(RowKind.UPDATE_AFTER, 1)),
                                        sink("append_only", SinkWriterOptions.defaults()),
                                        1))
                .hasStackTraceContaining(
                        "Cannot write a row to ClickHouse table 'default.append_only' at "
                                + CLICKHOUSE.server().httpUrl())
                .hasStackTraceContaining(
                        "append-only: it cannot apply a UPDATE_AFTER row (only INSERT rows");
    }

    @Test
    void badDataNamesTheColumnAndValue() throws Exception {
        createTable("bad_data");
        GenericRowData bad = (GenericRowData) row(RowKind.INSERT, 7);
        bad.setField(5, StringData.fromString("abc"));
        assertThatThrownBy(
                        () ->
                                run(
                                        List.of(row(RowKind.INSERT, 1), bad),
                                        sink("bad_data", SinkWriterOptions.defaults()),
                                        1))
                .hasStackTraceContaining("ClickHouse table 'default.bad_data' at")
                .hasStackTraceContaining(
                        "Column 'code' cannot take the value 'abc': 3 bytes do not fit"
                                + " FixedString(2)");
    }

    @Test
    void aServerErrorNamesTheTableAndTheServersMessage() throws Exception {
        createTable("dropped");
        ClickHouseSink sink = sink("dropped", SinkWriterOptions.defaults());
        CLICKHOUSE.server().execute("DROP TABLE default.dropped");
        assertThatThrownBy(() -> run(List.of(row(RowKind.INSERT, 1)), sink, 1))
                .hasStackTraceContaining(
                        "ClickHouse rejected the INSERT of 1 rows into ClickHouse table"
                                + " 'default.dropped' at "
                                + CLICKHOUSE.server().httpUrl())
                // client-v2 cannot read 18.16's error bodies: the HTTP status is named
                .hasStackTraceContaining("[HTTP 404: the table or database does not exist");
    }

    @Test
    void anUnreachableServerIsRetriedThenNamed() throws Exception {
        createTable("unreachable");
        ClickHouseSink checked = sink("unreachable", SinkWriterOptions.defaults());
        ClickHouseConnectionOptions down =
                ClickHouseConnectionOptions.builder("http://127.0.0.1:" + FreePorts.pick())
                        .password("s3cret-pw")
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
        ClickHouseSink sink =
                ClickHouseSink.builder()
                        .connection(down)
                        .table("default", "unreachable")
                        .mapping(checked.mapping())
                        .options(
                                SinkWriterOptions.builder()
                                        .retryPolicy(
                                                RetryPolicy.of(
                                                        2,
                                                        Duration.ofMillis(10),
                                                        Duration.ofMillis(20)))
                                        .build())
                        .build();
        assertThatThrownBy(() -> run(List.of(row(RowKind.INSERT, 1)), sink, 1))
                .hasStackTraceContaining(
                        "INSERT of 1 rows into ClickHouse table 'default.unreachable' at "
                                + down.describeEndpoints()
                                + " unconfirmed")
                .satisfies(
                        e -> {
                            java.io.StringWriter trace = new java.io.StringWriter();
                            e.printStackTrace(new java.io.PrintWriter(trace));
                            assertThat(trace.toString()).doesNotContain("s3cret-pw");
                        });
    }

    @Test
    void buildChecksTheRowTypeAgainstTheTable() {
        createTable("checked_types");
        RowType wrong =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("id", DataTypes.BIGINT()),
                                        DataTypes.FIELD("amount", DataTypes.DOUBLE()),
                                        DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3)),
                                        DataTypes.FIELD(
                                                "tags", DataTypes.ARRAY(DataTypes.STRING())),
                                        DataTypes.FIELD("code", DataTypes.STRING()))
                                .getLogicalType();
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.builder()
                                        .connection(connection())
                                        .table("default", "checked_types")
                                        .rowType(wrong)
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "Column 'amount' of Flink type DOUBLE cannot be written to column 'amount'"
                                + " of type Decimal(18, 2) of ClickHouse table"
                                + " 'default.checked_types' at "
                                + CLICKHOUSE.server().httpUrl());
    }
}
