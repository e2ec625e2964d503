package dev.flinkext.lookup.keyby;

import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.LogCapture;
import dev.flinkext.testing.flink.collect.CollectedRows;
import dev.flinkext.testing.redis.RedisClusterExtension;

import org.apache.flink.table.api.CompiledPlan;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PartitionedLookupSqlTestBase} on a STRING table in a 3-master Redis cluster, whose lookup
 * partitioning follows the hash slots: subtask i of 4 joins exactly the keys of slots {@code [i *
 * 4096, (i + 1) * 4096)}.
 */
class RedisClusterPartitionedLookupSqlTest extends PartitionedLookupSqlTestBase {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.embedded();

    @BeforeAll
    static void createDimension() {
        try (JedisCluster jedis = CLUSTER.server().newJedisCluster()) {
            for (int i = 0; i < KEYS; i++) {
                jedis.set("s:k" + i, "v" + i);
            }
        }
    }

    @Override
    String dimOptions() {
        return "'connector' = 'redis', 'mode' = 'cluster', 'nodes' = '"
                + String.join(",", CLUSTER.server().nodes())
                + "', 'key-prefix' = 's:'";
    }

    @Test
    void withTheHintEachSubtaskJoinsOnlyTheKeysOfItsSlotRange() {
        FlinkSql sql = sql(", 'lookup.shuffle' = 'true'");
        sql.tableEnv().createTemporarySystemFunction("JOINING_SUBTASK", JoiningSubtask.class);
        // the function reads a dimension column, so it runs after the join, in its subtask (the
        // calc is chained to it or forwarded to the subtask of the same index)
        List<Row> rows =
                sql.collect(
                        "SELECT "
                                + HINT
                                + " p.k, d.v, JOINING_SUBTASK(d.v) FROM probe p LEFT JOIN dim FOR"
                                + " SYSTEM_TIME AS OF p.proc AS d ON d.k = p.k");
        assertThat(rows).hasSize(ROWS);
        Set<Integer> subtasks = new HashSet<>();
        for (Row row : rows) {
            String key = (String) row.getField(0);
            int subtask = (Integer) row.getField(2);
            int slot = JedisClusterCRC16.getSlot("s:" + key);
            assertThat(subtask)
                    .as("subtask joining %s (slot %d)", key, slot)
                    .isEqualTo(slot / 4096);
            subtasks.add(subtask);
        }
        // hits and misses alike: the probe also asks for k1000..k1199, absent from Redis
        assertThat(rows).anyMatch(r -> r.getField(1) == null);
        assertThat(subtasks).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void theToolsPlanFileRunsPartitionedThroughExecutePlan(@TempDir Path dir) throws Exception {
        String sink = "tool-plan";
        CollectedRows.clear(sink);
        String ddl =
                "CREATE TEMPORARY TABLE probe (id BIGINT, k AS "
                        + PROBE_KEY
                        + ", proc AS PROCTIME()) WITH ('connector' = 'datagen',"
                        + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1',"
                        + " 'fields.id.end' = '"
                        + ROWS
                        + "');\n"
                        + "CREATE TEMPORARY TABLE dim (k STRING, v STRING, PRIMARY KEY (k) NOT"
                        + " ENFORCED) WITH ("
                        + dimOptions()
                        + ", 'lookup.cache' = 'FULL', 'lookup.full-cache.periodic-reload.interval'"
                        + " = '1 h', 'lookup.shuffle' = 'true');\n"
                        + "CREATE TEMPORARY TABLE out_rows (id BIGINT, v STRING) WITH ('connector'"
                        + " = 'collecting', 'name' = '"
                        + sink
                        + "');\n";
        Path script = dir.resolve("job.sql");
        Path plan = dir.resolve("job-plan.json");
        Files.writeString(
                script,
                ddl + "-- no hint in the query\nINSERT INTO out_rows SELECT" + JOIN + ";\n");
        PartitionedLookupPlanTool.main(
                new String[] {"compile", script.toString(), plan.toString()});
        assertThat(Files.readString(plan)).contains("\"preferCustomShuffle\" : true");

        // a SQL client session: the same (temporary) tables, then EXECUTE PLAN on the file
        FlinkSql session = FlinkSql.streaming().parallelism(4);
        session.executeScript(ddl);
        List<String> log = new ArrayList<>();
        try (LogCapture capture = new LogCapture("dev.flinkext.lookup.full.FullCache")) {
            session.tableEnv().executeSql("EXECUTE PLAN '" + plan + "'").await();
            log.addAll(capture.messages);
        }
        assertThat(sorted(CollectedRows.of(sink))).containsExactlyElementsOf(expected());
        assertThat(loads(log)).containsOnlyKeys("0", "1", "2", "3");
    }

    @Test
    void anUpdatingInputIsPartitionedTooButNotWithSpreadHotKeys() throws Exception {
        String sink = "updating-input";
        CollectedRows.clear(sink);
        String counts =
                "INSERT INTO out_counts SELECT c.k, c.n, d.v FROM (SELECT k, COUNT(*) AS n,"
                        + " PROCTIME() AS proc FROM probe GROUP BY k) c JOIN dim FOR SYSTEM_TIME"
                        + " AS OF c.proc AS d ON d.k = c.k";
        FlinkSql sql = sql(", 'lookup.shuffle' = 'true'");
        sql.executeScript(
                "CREATE TEMPORARY TABLE out_counts (k STRING, n BIGINT, v STRING) WITH"
                        + " ('connector' = 'collecting', 'name' = '"
                        + sink
                        + "');");
        // deterministic partitioning: every change of a key reaches its one subtask, in order
        CompiledPlan plan = PartitionedLookupPlans.compilePlanSql(sql.tableEnv(), counts);
        assertThat(plan.explain(ExplainDetail.JSON_EXECUTION_PLAN))
                .contains("\"ship_strategy\" : \"CUSTOM\"");
        plan.execute().await();
        Map<String, Long> joined = new HashMap<>();
        for (Row row : FlinkSql.materialize(CollectedRows.of(sink))) {
            joined.put((String) row.getField(0), (Long) row.getField(1));
        }
        assertThat(joined).hasSize(KEYS); // keys k1000.. miss in the inner join
        assertThat(joined.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(probeRowsOfExistingKeys());

        // spreading hot keys would reorder a key's changes: refused, not silently unpartitioned
        FlinkSql hot = sql(", 'lookup.shuffle' = 'true', 'lookup.shuffle.hot-keys' = 'k7'");
        hot.executeScript(
                "CREATE TEMPORARY TABLE out_counts (k STRING, n BIGINT, v STRING) WITH"
                        + " ('connector' = 'collecting', 'name' = 'unused');");
        assertThatThrownBy(() -> PartitionedLookupPlans.compilePlanSql(hot.tableEnv(), counts))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("updates or deletes")
                .hasMessageContaining("lookup.shuffle.hot-keys");
    }

    /** Probe rows whose key k0..k999 the dimension holds (the others ask for k1000..k1199). */
    private static long probeRowsOfExistingKeys() {
        long rows = 0;
        for (long id = 1; id <= ROWS; id++) {
            rows += id * 7 % (KEYS + 200) < KEYS ? 1 : 0;
        }
        return rows;
    }

    /** The index of the subtask evaluating it (its argument only pins it after the join). */
    public static final class JoiningSubtask extends ScalarFunction {
        private transient int subtask;

        @Override
        public void open(FunctionContext context) {
            subtask = context.getTaskInfo().getIndexOfThisSubtask();
        }

        public Integer eval(String anyDimensionColumn) {
            return subtask;
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }
}
