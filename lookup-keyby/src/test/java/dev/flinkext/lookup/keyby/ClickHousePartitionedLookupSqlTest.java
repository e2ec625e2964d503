package dev.flinkext.lookup.keyby;

import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @Override
    String dimOptions() {
        return "'connector' = 'clickhouse', 'url' = '"
                + CLICKHOUSE.server().httpUrl()
                + "', 'table-name' = 'dim'";
    }
}
