package dev.flinkext.lookup.keyby;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.LogCapture;
import dev.flinkext.testing.flink.collect.CollectedRows;

import org.apache.flink.table.api.CompiledPlan;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Partitioned lookup joins of one store's dimension table ({@code dim (k STRING, v STRING)}, keys
 * {@code k0..k999} with {@code v = 'v' || i}) at parallelism 4, through SQL: with the LOOKUP hint's
 * shuffle the plan routes the probe rows with the table's own partitioner, each subtask's FULL
 * cache loads about a quarter of the keys (all of them once in total), and the join equals the
 * expected rows (a key reaching a subtask that did not load it would fail the job); with {@code
 * lookup.shuffle} and no hint planning fails naming the hint; without either the whole table is
 * loaded (once per JVM).
 */
abstract class PartitionedLookupSqlTestBase {

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    static final int KEYS = 1000;
    static final int ROWS = 4000;
    private static final Pattern LOADED =
            Pattern.compile("FULL lookup cache of [^ :]+(?: subtask (\\d) of 4)?: (\\d+) keys");

    /** The WITH options of the dimension table, without the lookup options. */
    abstract String dimOptions();

    /** The probe's key of row {@code id}: {@code 'k' || (id * 7 % 1200)} (200 of them misses). */
    static final String PROBE_KEY =
            "CONCAT('k', CAST(MOD(id * 7, " + (KEYS + 200) + ") AS STRING))";

    FlinkSql sql(String lookupOptions) {
        return sql(lookupOptions, PROBE_KEY);
    }

    FlinkSql sql(String lookupOptions, String probeKey) {
        FlinkSql sql = FlinkSql.streaming().parallelism(4);
        sql.executeScript(
                "CREATE TEMPORARY TABLE probe (id BIGINT, k AS "
                        + probeKey
                        + ", proc AS PROCTIME()) WITH ('connector' = 'datagen',"
                        + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1',"
                        + " 'fields.id.end' = '"
                        + ROWS
                        + "');"
                        + "CREATE TEMPORARY TABLE dim (k STRING, v STRING, PRIMARY KEY (k) NOT"
                        + " ENFORCED) WITH ("
                        + dimOptions()
                        + ", 'lookup.cache' = 'FULL',"
                        + " 'lookup.full-cache.periodic-reload.interval' = '1 h'"
                        + lookupOptions
                        + ");");
        return sql;
    }

    static final String HINT = "/*+ LOOKUP('table'='d', 'shuffle'='true') */";
    static final String JOIN =
            " p.id, d.v FROM probe p LEFT JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d ON d.k = p.k";

    static List<String> expected() {
        List<String> rows = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            long key = id * 7 % (KEYS + 200);
            rows.add(Row.of(id, key < KEYS ? "v" + key : null).toString());
        }
        rows.sort(null);
        return rows;
    }

    static List<String> sorted(List<Row> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.toString()));
        out.sort(null);
        return out;
    }

    /** Keys loaded per FULL cache, by its scope ("0".."3", or "all"), from the cache's log. */
    static Map<String, Integer> loads(List<String> messages) {
        Map<String, Integer> keys = new HashMap<>();
        int wholeLoads = 0;
        for (String message : messages) {
            Matcher m = LOADED.matcher(message);
            if (m.find()) {
                String scope = m.group(1) != null ? m.group(1) : "all-" + wholeLoads++;
                keys.put(scope, Integer.parseInt(m.group(2)));
            }
        }
        return keys;
    }

    static List<String> run(FlinkSql sql, String query, List<String> loadLog) {
        try (LogCapture log = new LogCapture("dev.flinkext.lookup.full.FullCache")) {
            List<Row> rows = sql.collect(query);
            loadLog.addAll(log.messages);
            return sorted(rows);
        }
    }

    @Test
    void withTheHintEachSubtaskLoadsOnlyItsShareAndTheJoinIsExact() {
        FlinkSql sql = sql(", 'lookup.shuffle' = 'true'");
        String plan =
                sql.tableEnv()
                        .explainSql("SELECT " + HINT + JOIN, ExplainDetail.JSON_EXECUTION_PLAN);
        // the probe rows reach the lookup join through the table's own partitioner
        assertThat(plan).contains("\"ship_strategy\" : \"CUSTOM\"");

        List<String> log = new ArrayList<>();
        assertThat(run(sql, "SELECT " + HINT + JOIN, log)).containsExactlyElementsOf(expected());
        Map<String, Integer> loads = loads(log);
        assertThat(loads).containsOnlyKeys("0", "1", "2", "3");
        assertThat(loads.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(KEYS);
        assertThat(loads.values()).allMatch(n -> n > KEYS / 8 && n < KEYS / 2, "about 1/4 each");
    }

    @Test
    void withoutAHintPartitionedLookupPlansPartitionsTheJoinOfATableAskingForIt() throws Exception {
        FlinkSql sql = sql(", 'lookup.shuffle' = 'true'");
        String sink = getClass().getSimpleName() + "-hint-free";
        CollectedRows.clear(sink);
        sql.executeScript(
                "CREATE TEMPORARY TABLE out_rows (id BIGINT, v STRING) WITH ('connector' ="
                        + " 'collecting', 'name' = '"
                        + sink
                        + "');");
        List<String> log = new ArrayList<>();
        try (LogCapture capture = new LogCapture("dev.flinkext.lookup.full.FullCache")) {
            // the query has no hint: the table's 'lookup.shuffle' alone asks for the partitioning
            CompiledPlan plan =
                    PartitionedLookupPlans.compilePlanSql(
                            sql.tableEnv(), "INSERT INTO out_rows SELECT" + JOIN);
            assertThat(plan.explain(ExplainDetail.JSON_EXECUTION_PLAN))
                    .contains("\"ship_strategy\" : \"CUSTOM\"");
            plan.execute().await();
            log.addAll(capture.messages);
        }
        assertThat(sorted(CollectedRows.of(sink))).containsExactlyElementsOf(expected());
        Map<String, Integer> loads = loads(log);
        assertThat(loads).containsOnlyKeys("0", "1", "2", "3");
        assertThat(loads.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(KEYS);
        assertThat(loads.values()).allMatch(n -> n > KEYS / 8 && n < KEYS / 2, "about 1/4 each");
    }

    @Test
    void lookupShuffleWithoutTheHintFailsAtPlanningNamingIt() {
        FlinkSql sql = sql(", 'lookup.shuffle' = 'true'");
        // the planner asks for the lookup function while optimizing, and wraps the refusal
        assertThatThrownBy(() -> sql.tableEnv().explainSql("SELECT" + JOIN))
                .satisfies(
                        e ->
                                assertThat(
                                                org.apache.flink.util.ExceptionUtils
                                                        .findThrowableWithMessage(
                                                                e, "'lookup.shuffle' = 'true'"))
                                        .get()
                                        .isInstanceOf(ValidationException.class)
                                        .extracting(Throwable::getMessage)
                                        .asString()
                                        .contains("LOOKUP('table'=")
                                        .contains("'shuffle'='true'")
                                        .contains("PartitionedLookupPlans")
                                        .contains("EXECUTE PLAN"));
    }

    @Test
    void withoutTheHintEveryTaskManagerLoadsTheWholeTable() {
        List<String> log = new ArrayList<>();
        assertThat(run(sql(""), "SELECT" + JOIN, log)).containsExactlyElementsOf(expected());
        // every load is of the whole table (subtasks of one JVM share a copy while it is open:
        // the MiniCluster's task managers share this JVM; on a cluster, one per task manager)
        assertThat(loads(log).values()).isNotEmpty().containsOnly(KEYS);
    }
}
