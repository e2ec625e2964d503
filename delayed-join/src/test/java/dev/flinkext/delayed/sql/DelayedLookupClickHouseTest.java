package dev.flinkext.delayed.sql;

import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.flink.FlinkClusterExtension;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code delayed_lookup} over a second store and key type: a ClickHouse table
 * (connector-clickhouse's sync lookup) keyed by a BIGINT, whose late rows are inserted while their
 * stream rows wait.
 */
class DelayedLookupClickHouseTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final RowType PROBE =
            RowType.of(
                    new LogicalType[] {
                        new BigIntType(false), new BigIntType(false), new LocalZonedTimestampType(3)
                    },
                    new String[] {"seq", "id", "ts"});

    private static boolean late(long id) {
        return id >= 20 && id <= 24;
    }

    private static String values(LongStream ids) {
        return ids.mapToObj(id -> "(" + id + ", 'n" + id + "')").collect(Collectors.joining(", "));
    }

    @Test
    void lateClickHouseRowsAreJoinedOnceInsertedWhileOnTimeRowsFlowPast() throws Exception {
        CLICKHOUSE.server().execute("DROP TABLE IF EXISTS default.people");
        CLICKHOUSE
                .server()
                .execute(
                        "CREATE TABLE default.people (id Int64, name String)"
                                + " ENGINE = MergeTree ORDER BY id");
        CLICKHOUSE
                .server()
                .execute(
                        "INSERT INTO default.people VALUES "
                                + values(LongStream.rangeClosed(1, 50).filter(id -> !late(id))));
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(2);
        // seq 1..50: id = seq; then a tail of id 1 that keeps the watermark moving
        DataStream<RowData> probe =
                env.fromSequence(1, 10_000_000)
                        .map(
                                seq ->
                                        (RowData)
                                                GenericRowData.of(
                                                        seq,
                                                        seq <= 50 ? seq : 1L,
                                                        TimestampData.fromEpochMillis(
                                                                System.currentTimeMillis())))
                        .returns(InternalTypeInfo.of(PROBE));
        StreamTableEnvironment tEnv = ProbeTables.withProbe(probe);
        String query =
                "SELECT seq, name FROM delayed_lookup(input => TABLE probe PARTITION BY id,"
                        + " on_time => DESCRIPTOR(ts), dim_columns => 'id BIGINT, name STRING',"
                        + " dim_options => MAP['connector', 'clickhouse', 'url', '"
                        + CLICKHOUSE.server().httpUrl()
                        + "', 'table-name', 'people',"
                        + " 'lookup.delayed-retry.max-attempts', '60',"
                        + " 'lookup.delayed-retry.interval', '200 ms']) WHERE seq <= 50";
        Map<Long, Object> bySeq = new HashMap<>();
        boolean written = false;
        try (CloseableIterator<Row> rows = tEnv.sqlQuery(query).execute().collect()) {
            while (bySeq.size() < 50) {
                Row row = rows.next();
                long seq = (Long) row.getField(0);
                assertThat(bySeq.put(seq, row.getField(1))).as("seq %d once", seq).isNull();
                assertThat(written).as("seq %d", seq).isEqualTo(late(seq));
                if (!written && bySeq.size() == 45) {
                    CLICKHOUSE
                            .server()
                            .execute(
                                    "INSERT INTO default.people VALUES "
                                            + values(LongStream.rangeClosed(20, 24)));
                    written = true;
                }
            }
        }
        for (long seq = 1; seq <= 50; seq++) {
            assertThat(bySeq.get(seq)).as("seq %d", seq).isEqualTo("n" + seq);
        }
    }
}
