package dev.flinkext.connector.clickhouse.client;

import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.process.FreePorts;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseTablesTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static ClickHouseConnectionOptions options() {
        return ClickHouseConnectionOptions.builder(CLICKHOUSE.server().httpUrl()).build();
    }

    @Test
    void readsColumnsWithTheirTypesAndDefaults() {
        CLICKHOUSE
                .server()
                .execute(
                        "CREATE TABLE default.`it's` (k UInt64, `odd\tname` Nullable(String),"
                                + " d Date DEFAULT today(), m UInt64 MATERIALIZED k * 2,"
                                + " a String ALIAS toString(k), x Array(Decimal(38, 10)))"
                                + " ENGINE = MergeTree ORDER BY k");
        // 18.16 lists MATERIALIZED and ALIAS columns after the others: inserts name their
        // columns, so only the set matters
        assertThat(ClickHouseTables.columns(options(), "default", "it's"))
                .containsExactlyInAnyOrder(
                        new ClickHouseColumn("k", "UInt64", ""),
                        new ClickHouseColumn("odd\tname", "Nullable(String)", ""),
                        new ClickHouseColumn("d", "Date", "DEFAULT"),
                        new ClickHouseColumn("m", "UInt64", "MATERIALIZED"),
                        new ClickHouseColumn("a", "String", "ALIAS"),
                        new ClickHouseColumn("x", "Array(Decimal(38, 10))", ""));
    }

    @Test
    void aMissingTableIsNamed() {
        assertThatThrownBy(() -> ClickHouseTables.columns(options(), "default", "nope"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'default.nope'")
                .hasMessageContaining(CLICKHOUSE.server().httpUrl().replaceAll("/$", ""))
                .hasMessageContaining("does not exist");
    }

    @Test
    void anUnreachableServerIsNamedWithoutThePassword() {
        int port = FreePorts.pick();
        ClickHouseConnectionOptions down =
                ClickHouseConnectionOptions.builder("http://127.0.0.1:" + port)
                        .password("hunter2-secret")
                        .connectTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(2))
                        .build();
        assertThatThrownBy(() -> ClickHouseTables.columns(down, "default", "t"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("http://127.0.0.1:" + port)
                .hasMessageNotContaining("hunter2");
    }
}
