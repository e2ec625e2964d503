package dev.flinkext.lookup.keyby;

import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.redis.RedisClusterExtension;

import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

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
