package dev.flinkext.connector.clickhouse;

import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.testing.clickhouse.chdb.ChdbEngine;

import java.util.List;

/** What the connector reads of a table from the server, read from a chdb engine instead. */
public final class ChdbTables {

    private ChdbTables() {}

    /** The table's columns as the connector reads them from system.columns. */
    public static List<ClickHouseColumn> columns(ChdbEngine engine, String table) {
        return engine
                .queryRows(
                        "SELECT name, type, default_kind FROM system.columns WHERE database ="
                                + " currentDatabase() AND table = "
                                + ChdbEngine.quote(table)
                                + " ORDER BY position")
                .stream()
                .map(c -> new ClickHouseColumn(c.get(0), c.get(1), c.get(2)))
                .toList();
    }

    /** The table's {@code engine_full}, as the sink reads it from system.tables. */
    public static String engineFull(ChdbEngine engine, String table) {
        return engine.queryRows(
                        "SELECT engine_full FROM system.tables WHERE database = currentDatabase()"
                                + " AND name = "
                                + ChdbEngine.quote(table))
                .get(0)
                .get(0);
    }
}
