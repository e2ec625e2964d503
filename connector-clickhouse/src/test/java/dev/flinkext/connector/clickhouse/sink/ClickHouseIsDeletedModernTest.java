package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.connector.clickhouse.ChdbTables;
import dev.flinkext.connector.clickhouse.config.ClickHouseUpsertStrategy;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowMapping;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.testing.clickhouse.chdb.ChdbEngine;
import dev.flinkext.testing.clickhouse.chdb.ChdbExtension;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code replacing} strategy's deletes on a server that has {@code is_deleted} (ClickHouse 26.7
 * through chdb; 18.16 lacks it): a changelog turned into rows by {@link ClickHouseRowConverter},
 * exactly as the sink's INSERTs carry them, into {@code ReplacingMergeTree(ver, is_deleted)}: after
 * {@code FINAL} an updated key shows its last row, a deleted key is gone, and a key deleted and
 * inserted again is back.
 */
class ClickHouseIsDeletedModernTest {

    @RegisterExtension static final ChdbExtension CHDB = new ChdbExtension();

    private static final RowType ROW =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("k", DataTypes.STRING().notNull()),
                                    DataTypes.FIELD("v", DataTypes.BIGINT()))
                            .getLogicalType();

    private static RowData row(RowKind kind, String k, long v) {
        GenericRowData row = GenericRowData.of(StringData.fromString(k), v);
        row.setRowKind(kind);
        return row;
    }

    @Test
    void deletesAndUpdatesApplyAfterFinal(ChdbEngine engine) {
        engine.execute(
                "CREATE TABLE upserts (k String, v Nullable(Int64), ver UInt64, is_deleted UInt8)"
                        + " ENGINE = ReplacingMergeTree(ver, is_deleted) ORDER BY k");
        List<ClickHouseColumn> columns = ChdbTables.columns(engine, "upserts");
        ClickHouseChangelogPlan plan =
                ClickHouseChangelogPlan.resolve(
                        "'upserts' (chdb)",
                        ClickHouseEngine.parse(ChdbTables.engineFull(engine, "upserts")),
                        columns,
                        ROW,
                        List.of("k"),
                        ClickHouseUpsertStrategy.AUTO,
                        false);
        assertThat(plan.toString()).startsWith("replacing");
        assertThat(plan.sinkColumns()).containsExactly("ver", "is_deleted");
        ClickHouseRowMapping mapping =
                ClickHouseRowMapping.resolve(
                        "'upserts' (chdb)",
                        ROW,
                        columns,
                        ZoneOffset.UTC,
                        Set.copyOf(plan.sinkColumns()));
        ClickHouseRowConverter converter = new ClickHouseRowConverter(mapping, plan, null);
        converter.open(null);

        ByteArrayOutputStream inserts = new ByteArrayOutputStream();
        List<RowData> changelog =
                List.of(
                        row(RowKind.INSERT, "a", 1),
                        row(RowKind.INSERT, "b", 2),
                        row(RowKind.INSERT, "c", 3),
                        row(RowKind.UPDATE_BEFORE, "a", 1),
                        row(RowKind.UPDATE_AFTER, "a", 10),
                        row(RowKind.DELETE, "b", 2),
                        row(RowKind.DELETE, "c", 3),
                        row(RowKind.INSERT, "c", 30));
        for (RowData change : changelog) {
            converter.convert(change, insert -> inserts.writeBytes(insert.bytes()));
        }
        engine.insertRowBinary("upserts", inserts.toByteArray());

        assertThat(engine.queryRows("SELECT k, v FROM upserts FINAL ORDER BY k"))
                .containsExactly(List.of("a", "10"), List.of("c", "30"));
        // the deletes are rows, kept until a cleanup merge: FINAL is what hides them
        assertThat(engine.queryRows("SELECT count() FROM upserts WHERE is_deleted = 1"))
                .isNotEmpty();
    }
}
