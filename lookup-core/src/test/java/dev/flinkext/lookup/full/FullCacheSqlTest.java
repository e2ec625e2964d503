package dev.flinkext.lookup.full;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQL lookup join through the planner and a MiniCluster: proves that the key rows the planner
 * really builds (STRING, INT, BIGINT, DECIMAL and TIMESTAMP columns of one compound key) find the
 * rows the FULL cache projected, and that the loader got the ALL scope.
 */
class FullCacheSqlTest {

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static RowData dimRow(int id, String code, String amount, long big, int second) {
        return GenericRowData.of(
                id,
                StringData.fromString(code),
                DecimalData.fromBigDecimal(new BigDecimal(amount), 10, 2),
                big,
                TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 1, 1, 0, 0, second)),
                StringData.fromString("name-" + id + "-" + code));
    }

    @Test
    void lookupJoinOnACompoundKeyOfEveryCommonType() {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        List<RowData> split0 = new ArrayList<>();
        List<RowData> split1 = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            List<RowData> split = k % 2 == 0 ? split0 : split1;
            String amount = new BigDecimal(k).multiply(new BigDecimal("0.25")).toPlainString();
            split.add(dimRow(k, "c" + k, amount, k * 1_000_000_000L, k));
            // decoys: the same id with one other key column
            split.add(dimRow(k, "x" + k, amount, k * 1_000_000_000L, k));
            split.add(dimRow(k, "c" + k, amount, k * 1_000_000_000L, k + 30));
        }
        loader.state().data = List.of(split0, split1);

        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE dim (id INT, code STRING, amount DECIMAL(10, 2), big BIGINT,"
                        + " ts TIMESTAMP(3), name STRING) WITH ("
                        + " 'connector' = 'flinkext-full-cache-test',"
                        + " 'loader-id' = '"
                        + loader.id()
                        + "', 'lookup.cache' = 'FULL',"
                        + " 'lookup.full-cache.periodic-reload.interval' = '1 h',"
                        + " 'lookup.full-cache.load-parallelism' = '2');"
                        + "CREATE TABLE probe (k INT, proc AS PROCTIME()) WITH ("
                        + " 'connector' = 'datagen', 'fields.k.kind' = 'sequence',"
                        + " 'fields.k.start' = '1', 'fields.k.end' = '6');");

        List<Row> rows =
                sql.collect(
                        "SELECT p.k, d.name FROM probe AS p"
                                + " LEFT JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                                + " ON d.id = p.k"
                                + " AND d.code = CONCAT('c', CAST(p.k AS STRING))"
                                + " AND d.amount = CAST(p.k * 0.25 AS DECIMAL(10, 2))"
                                + " AND d.big = CAST(p.k AS BIGINT) * 1000000000"
                                + " AND d.ts = CAST(TIMESTAMPADD(SECOND, p.k,"
                                + " TIMESTAMP '2024-01-01 00:00:00') AS TIMESTAMP(3))");

        assertThat(FlinkSql.toStrings(rows))
                .containsExactlyInAnyOrder(
                        "+I[1, name-1-c1]",
                        "+I[2, name-2-c2]",
                        "+I[3, name-3-c3]",
                        "+I[4, name-4-c4]",
                        "+I[5, name-5-c5]",
                        "+I[6, null]");
        assertThat(loader.state().scopes).isNotEmpty().containsOnly(LoadScope.all());
    }
}
