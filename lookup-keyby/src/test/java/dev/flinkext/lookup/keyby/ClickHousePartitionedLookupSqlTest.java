package dev.flinkext.lookup.keyby;

import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.flink.FlinkSql;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PartitionedLookupSqlTestBase} on a ClickHouse 18.16 MergeTree table. */
class ClickHousePartitionedLookupSqlTest extends PartitionedLookupSqlTestBase {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @BeforeAll
    static void createDimension() {
        CLICKHOUSE
                .server()
                .execute(
                        "CREATE TABLE default.dim (k String, v String) ENGINE = MergeTree ORDER BY"
                                + " k");
        CLICKHOUSE
                .server()
                .execute(
                        "INSERT INTO default.dim SELECT concat('k', toString(number)),"
                                + " concat('v', toString(number)) FROM system.numbers LIMIT "
                                + KEYS);
    }

    /**
     * Every other probe row looks up 'k7': spread over all 4 subtasks, whose FULL caches each hold
     * it (beside their own share), so the join stays exact (a subtask without it would fail).
     */
    @Test
    void aHotKeyIsSpreadAndEverySubtaskThatGetsItHoldsIt() {
        FlinkSql sql =
                sql(
                        ", 'lookup.shuffle' = 'true', 'lookup.shuffle.hot-keys' = 'k7'",
                        "CASE WHEN MOD(id, 2) = 0 THEN 'k7' ELSE " + PROBE_KEY + " END");
        List<String> expected = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            long key = id % 2 == 0 ? 7 : id * 7 % (KEYS + 200);
            expected.add(Row.of(id, key < KEYS ? "v" + key : null).toString());
        }
        expected.sort(null);
        List<String> log = new ArrayList<>();
        assertThat(run(sql, "SELECT " + HINT + JOIN, log)).containsExactlyElementsOf(expected);
        Map<String, Integer> loads = loads(log);
        assertThat(loads).containsOnlyKeys("0", "1", "2", "3");
        // k7 in all four, every other key in one
        assertThat(loads.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(KEYS + 3);
    }

    @Override
    String dimOptions() {
        return "'connector' = 'clickhouse', 'url' = '"
                + CLICKHOUSE.server().httpUrl()
                + "', 'table-name' = 'dim'";
    }
}
