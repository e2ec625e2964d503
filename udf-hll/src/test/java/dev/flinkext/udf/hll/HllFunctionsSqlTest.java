package dev.flinkext.udf.hll;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.types.Row;

import io.airlift.slice.Slices;
import io.airlift.stats.cardinality.HyperLogLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HLL functions through SQL on a MiniCluster, compared with airlift's bytes. */
class HllFunctionsSqlTest {

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    /** 1200 rows, ids 1..1200 in order at parallelism 1: past the sparse→dense switch (512). */
    private static final int ROWS = 1200;

    private static FlinkSql withTable(FlinkSql sql) {
        sql.executeScript(
                "LOAD MODULE hll;"
                        + "CREATE TABLE t (id BIGINT, ts AS TO_TIMESTAMP_LTZ(id * 1000, 3),"
                        + " WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen',"
                        + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1',"
                        + " 'fields.id.end' = '"
                        + ROWS
                        + "', 'number-of-rows' = '"
                        + ROWS
                        + "');");
        return sql;
    }

    private static FlinkSql streaming() {
        return withTable(FlinkSql.streaming().parallelism(1));
    }

    private static byte[] single(List<Row> rows) {
        assertThat(rows).hasSize(1);
        return (byte[]) rows.get(0).getField(0);
    }

    @Test
    void everyInputTypeHashesAsPresto() {
        FlinkSql sql = streaming();
        Row row =
                sql
                        .collect(
                                "SELECT estimate_prepare(id), estimate_prepare(CAST(id AS INT)),"
                                        + " estimate_prepare(CAST(id AS SMALLINT)),"
                                        + " estimate_prepare(CAST(id AS TINYINT)),"
                                        + " estimate_prepare(CAST(id AS STRING)),"
                                        + " estimate_prepare(CAST(id AS DOUBLE) / 4),"
                                        + " estimate_prepare(CAST(id AS FLOAT) / 4),"
                                        + " estimate_prepare(CAST(CAST(id AS STRING) AS BYTES)),"
                                        + " approx_set(id), approx_set(id, 0.0040625)"
                                        + " FROM (SELECT id FROM t) GROUP BY 'all'")
                        .stream()
                        .reduce((a, b) -> b)
                        .orElseThrow();
        byte[] bigints = Airlift.bytes(Airlift.bigints(1, ROWS, id -> id));
        assertThat((byte[]) row.getField(0)).isEqualTo(bigints);
        assertThat((byte[]) row.getField(1)).isEqualTo(bigints);
        assertThat((byte[]) row.getField(2)).isEqualTo(bigints);
        // TINYINT wraps: 1200 ids cast to TINYINT are the 256 values of a byte
        assertThat((byte[]) row.getField(3))
                .isEqualTo(Airlift.bytes(Airlift.bigints(1, ROWS, id -> (long) (byte) id)));
        assertThat((byte[]) row.getField(4))
                .isEqualTo(Airlift.bytes(Airlift.strings(1, ROWS, Long::toString)));
        assertThat((byte[]) row.getField(5))
                .isEqualTo(Airlift.bytes(Airlift.doubles(1, ROWS, id -> id / 4.0)));
        assertThat((byte[]) row.getField(6))
                .isEqualTo(
                        Airlift.bytes(Airlift.doubles(1, ROWS, id -> (double) ((float) id / 4f))));
        assertThat((byte[]) row.getField(7))
                .isEqualTo(Airlift.bytes(Airlift.strings(1, ROWS, Long::toString)));
        assertThat((byte[]) row.getField(8)).isEqualTo(bigints);
        HyperLogLog precise = HyperLogLog.newInstance(65536);
        for (long id = 1; id <= ROWS; id++) {
            precise.add(id);
        }
        assertThat((byte[]) row.getField(9)).isEqualTo(Airlift.bytes(precise));
    }

    @Test
    void nullsAreIgnoredAndNullOnlyGivesNull() {
        FlinkSql sql = FlinkSql.batch().parallelism(1);
        sql.executeScript("LOAD MODULE hll;");
        List<Row> rows =
                sql.collect(
                        "SELECT k, estimate_prepare(v), estimate_compute(estimate_prepare(v)),"
                                + " hll_merge(CAST(NULL AS BYTES)), hll_cardinality(CAST(NULL AS BYTES))"
                                + " FROM (VALUES (1, CAST(NULL AS BIGINT)), (1, CAST(NULL AS BIGINT)), (2, 7), (2, CAST(NULL AS BIGINT)))"
                                + " AS v(k, v) GROUP BY k ORDER BY k");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getField(1)).isNull();
        assertThat(rows.get(0).getField(2)).isNull();
        assertThat(rows.get(0).getField(3)).isNull();
        assertThat(rows.get(0).getField(4)).isNull();
        HyperLogLog seven = HyperLogLog.newInstance(4096);
        seven.add(7L);
        assertThat((byte[]) rows.get(1).getField(1)).isEqualTo(Airlift.bytes(seven));
        assertThat(rows.get(1).getField(2)).isEqualTo(1L);
    }

    @Test
    void createFunctionRegistersEachClass() {
        FlinkSql sql = FlinkSql.batch().parallelism(1);
        sql.executeScript(
                "CREATE TEMPORARY FUNCTION ep AS 'dev.flinkext.udf.hll.EstimatePrepare';"
                        + "CREATE FUNCTION em AS 'dev.flinkext.udf.hll.EstimateMerge';"
                        + "CREATE FUNCTION ec AS 'dev.flinkext.udf.hll.EstimateCompute';"
                        + "CREATE FUNCTION m2 AS 'dev.flinkext.udf.hll.HllMerge2';");
        List<Row> rows =
                sql.collect(
                        "SELECT ec(em(s)), ec(m2(CAST(NULL AS BYTES), em(s))) FROM (SELECT k,"
                                + " ep(v) AS s FROM (VALUES (1, 10), (1, 11), (2, 11), (2, 12))"
                                + " AS v(k, v) GROUP BY k)");
        assertThat(rows).containsExactly(Row.of(3L, 3L));
    }

    @Test
    void streamingGroupByEmitsAChangelogThatEndsAtAirliftsBytes() {
        FlinkSql sql = streaming();
        List<Row> rows =
                sql.collectMaterialized(
                        "SELECT CAST(id % 2 AS BIGINT) AS k, estimate_prepare(id) FROM t GROUP BY CAST(id % 2 AS BIGINT)");
        Map<Long, byte[]> byKey = new HashMap<>();
        rows.forEach(r -> byKey.put((Long) r.getField(0), (byte[]) r.getField(1)));
        // each key's sketch went through state after every row: still airlift's add() sequence
        assertThat(byKey.get(0L))
                .isEqualTo(Airlift.bytes(Airlift.bigints(1, ROWS / 2, id -> id * 2)));
        assertThat(byKey.get(1L))
                .isEqualTo(Airlift.bytes(Airlift.bigints(1, ROWS / 2, id -> id * 2 - 1)));
    }

    @Test
    void twoPhaseAggregationMergesPartialSketchesAsAirlift() {
        FlinkSql sql =
                withTable(
                        FlinkSql.streaming()
                                .parallelism(1)
                                .set("table.optimizer.agg-phase-strategy", "TWO_PHASE")
                                .set("table.exec.mini-batch.enabled", "true")
                                .set("table.exec.mini-batch.allow-latency", "1 h")
                                .set("table.exec.mini-batch.size", "300"));
        String query =
                "SELECT CAST(id % 2 AS BIGINT) AS k, estimate_prepare(id) FROM t GROUP BY CAST(id % 2 AS BIGINT)";
        assertThat(sql.tableEnv().explainSql(query)).contains("LocalGroupAggregate");
        Map<Long, byte[]> byKey = new HashMap<>();
        sql.collectMaterialized(query)
                .forEach(r -> byKey.put((Long) r.getField(0), (byte[]) r.getField(1)));
        for (long key = 0; key <= 1; key++) {
            // the local phase emits one partial per key every 300 rows; the global one merges
            List<HyperLogLog> partials = new ArrayList<>();
            for (long from = 1; from <= ROWS; from += 300) {
                HyperLogLog partial = HyperLogLog.newInstance(4096);
                for (long id = from; id < from + 300; id++) {
                    if (id % 2 == key) {
                        partial.add(id);
                    }
                }
                partials.add(partial);
            }
            HyperLogLog merged = partials.get(0);
            partials.subList(1, partials.size()).forEach(merged::mergeWith);
            byte[] ours = byKey.get(key);
            assertThat(ours).isEqualTo(Airlift.bytes(merged));
            assertThat(HyperLogLog.newInstance(Slices.wrappedBuffer(ours)).cardinality())
                    .isEqualTo(merged.cardinality());
        }
    }

    @Test
    void tumbleAndHopWindows() {
        FlinkSql sql = streaming();
        List<Row> tumble =
                sql.collect(
                        "SELECT window_start, estimate_prepare(id) FROM TABLE(TUMBLE(TABLE t,"
                                + " DESCRIPTOR(ts), INTERVAL '10' MINUTE))"
                                + " GROUP BY window_start, window_end");
        tumble = new ArrayList<>(tumble);
        tumble.sort(java.util.Comparator.comparing(r -> (java.time.LocalDateTime) r.getField(0)));
        // ids are seconds: [0, 600) holds 1..599, [600, 1200) 600..1199, [1200, 1800) 1200
        assertThat(tumble).hasSize(3);
        assertThat((byte[]) tumble.get(0).getField(1))
                .isEqualTo(Airlift.bytes(Airlift.bigints(1, 599, id -> id)));
        assertThat((byte[]) tumble.get(1).getField(1))
                .isEqualTo(Airlift.bytes(Airlift.bigints(600, 1199, id -> id)));
        // HOP merges slices through merge(): compare the counts with a sketch of the window
        List<Row> hop =
                sql.collect(
                        "SELECT window_start, estimate_compute(estimate_prepare(id)) FROM"
                                + " TABLE(HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '5' MINUTE,"
                                + " INTERVAL '10' MINUTE)) GROUP BY window_start, window_end");
        for (Row row : hop) {
            long start =
                    ((java.time.LocalDateTime) row.getField(0))
                            .toEpochSecond(java.time.ZoneOffset.UTC);
            long from = Math.max(1, start);
            long to = Math.min(ROWS, start + 599);
            assertThat(row.getField(1))
                    .as("window at %d", start)
                    .isEqualTo(Airlift.bigints(from, to, id -> id).cardinality());
        }
        assertThat(hop).hasSize(6); // starts -300, 0, 300, ..., 1200
    }

    @Test
    void cumulateWindowsMergeSlices() {
        List<Row> cumulate =
                streaming()
                        .collect(
                                "SELECT window_start, window_end,"
                                        + " estimate_compute(estimate_prepare(id)) FROM"
                                        + " TABLE(CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '5'"
                                        + " MINUTE, INTERVAL '10' MINUTE))"
                                        + " GROUP BY window_start, window_end");
        for (Row row : cumulate) {
            long start = epochSecond(row.getField(0));
            long end = epochSecond(row.getField(1));
            long from = Math.max(1, start);
            long to = Math.min(ROWS, end - 1);
            assertThat(row.getField(2))
                    .as("window [%d, %d)", start, end)
                    .isEqualTo(Airlift.bigints(from, to, id -> id).cardinality());
        }
        // [0,300) [0,600) [600,900) [600,1200) [1200,1500) [1200,1800)
        assertThat(cumulate).hasSize(6);
    }

    /** Every row opens a session that merges into the running one: merge() all the way. */
    @Test
    void sessionWindowMergesAccumulators() {
        List<Row> session =
                streaming()
                        .collect(
                                "SELECT estimate_compute(estimate_prepare(id)) FROM t"
                                        + " GROUP BY SESSION(ts, INTERVAL '1' MINUTE)");
        assertThat(session).hasSize(1);
        assertThat(session.get(0).getField(0))
                .isEqualTo(Airlift.bigints(1, ROWS, id -> id).cardinality());
    }

    private static long epochSecond(Object windowBound) {
        return ((java.time.LocalDateTime) windowBound).toEpochSecond(java.time.ZoneOffset.UTC);
    }

    @Test
    void batchModeGroupBy() {
        FlinkSql sql = withTable(FlinkSql.batch().parallelism(1));
        List<Row> rows =
                sql.collect(
                        "SELECT CAST(id % 3 AS BIGINT), estimate_prepare(id) FROM t GROUP BY CAST(id % 3 AS BIGINT)");
        assertThat(rows).hasSize(3);
        for (Row row : rows) {
            long key = (Long) row.getField(0);
            assertThat(
                            HyperLogLog.newInstance(Slices.wrappedBuffer((byte[]) row.getField(1)))
                                    .cardinality())
                    .isEqualTo(
                            Airlift.bigints(1, ROWS / 3, id -> id * 3 - (3 - key) % 3)
                                    .cardinality());
        }
    }

    @Test
    void retractionInputIsRefusedWithTheReason() {
        FlinkSql sql = streaming();
        assertThatThrownBy(
                        () ->
                                sql.collect(
                                        "SELECT estimate_prepare(c) FROM (SELECT id % 5 AS k,"
                                                + " COUNT(*) AS c FROM t GROUP BY id % 5)"))
                .rootCause()
                .hasMessageContaining("estimate_prepare cannot consume retractions")
                .hasMessageContaining("cannot un-add a value");
    }

    @Test
    void unsupportedValueTypesAreRefusedWhenThePlanIsMade() {
        FlinkSql sql = FlinkSql.batch().parallelism(1);
        sql.executeScript("LOAD MODULE hll;");
        for (String value : List.of("CAST(1.5 AS DECIMAL(3, 1))", "TRUE", "DATE '2024-01-01'")) {
            assertThatThrownBy(
                            () ->
                                    sql.tableEnv()
                                            .explainSql(
                                                    "SELECT approx_set(v) FROM (VALUES ("
                                                            + value
                                                            + ")) AS a(v)"))
                    .as(value)
                    .isInstanceOf(ValidationException.class)
                    .hasStackTraceContaining("accepts BIGINT (INT, SMALLINT, TINYINT), DOUBLE")
                    .hasStackTraceContaining("Cast the argument");
        }
    }

    @Test
    void mergingDifferentBucketCountsFails() {
        FlinkSql sql = FlinkSql.batch().parallelism(1);
        sql.executeScript("LOAD MODULE hll;");
        assertThatThrownBy(
                        () ->
                                sql.collect(
                                        "SELECT estimate_merge(s) FROM (SELECT approx_set(v) AS s"
                                                + " FROM (VALUES (1)) AS a(v) UNION ALL SELECT"
                                                + " approx_set(v, 0.0040625) FROM (VALUES (2)) AS"
                                                + " b(v))"))
                .rootCause()
                .hasMessageContaining("different numbers of buckets");
    }

    /** The flow: prepare per goods, merge to brand, compute UV. */
    @Test
    void fourStepUvFlow() {
        FlinkSql sql = FlinkSql.batch().parallelism(1);
        sql.executeScript(
                "LOAD MODULE hll;"
                        + "CREATE TEMPORARY VIEW visits AS SELECT * FROM (VALUES"
                        + " ('b1', 'g1', 'u1'), ('b1', 'g1', 'u2'), ('b1', 'g2', 'u2'),"
                        + " ('b1', 'g2', 'u3'), ('b2', 'g3', 'u1'), ('b2', 'g3', 'u1'))"
                        + " AS v(brand, goods, user_id);"
                        + "CREATE TEMPORARY VIEW goods_uv AS SELECT brand, goods,"
                        + " estimate_prepare(user_id) AS uv_sketch FROM visits GROUP BY brand, goods;"
                        + "CREATE TEMPORARY VIEW brand_uv AS SELECT brand,"
                        + " estimate_merge(uv_sketch) AS uv_sketch FROM goods_uv GROUP BY brand;");
        List<Row> rows =
                sql.collect(
                        "SELECT brand, estimate_compute(uv_sketch) FROM brand_uv ORDER BY brand");
        assertThat(rows).containsExactly(Row.of("b1", 3L), Row.of("b2", 1L));
        // the brand column is what Presto reads: airlift's merge of the goods sketches
        HyperLogLog g1 = HyperLogLog.newInstance(4096);
        g1.add(Slices.utf8Slice("u1"));
        g1.add(Slices.utf8Slice("u2"));
        HyperLogLog g2 = HyperLogLog.newInstance(4096);
        g2.add(Slices.utf8Slice("u2"));
        g2.add(Slices.utf8Slice("u3"));
        byte[] ours = single(sql.collect("SELECT uv_sketch FROM brand_uv WHERE brand = 'b1'"));
        HyperLogLog presto = HyperLogLog.newInstance(Slices.wrappedBuffer(ours));
        assertThat(presto.cardinality()).isEqualTo(3L);
        g1.mergeWith(g2);
        assertThat(ours).isEqualTo(Airlift.bytes(g1));
        // the scalar merge of two rows' sketches: all brands' users
        assertThat(
                        sql.collect(
                                "SELECT hll_cardinality(hll_merge2(a.uv_sketch, b.uv_sketch)) FROM"
                                        + " brand_uv a, brand_uv b WHERE a.brand = 'b1' AND"
                                        + " b.brand = 'b2'"))
                .containsExactly(Row.of(3L));
    }
}
