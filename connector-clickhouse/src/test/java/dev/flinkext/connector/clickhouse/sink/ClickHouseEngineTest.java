package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.connector.clickhouse.client.ClickHouseTables;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engines the changelog strategies read, as the real 18.16 server shows them in {@code
 * system.tables.engine_full}, in both syntaxes; Replicated engines (which need ZooKeeper) by their
 * text.
 */
class ClickHouseEngineTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static ClickHouseEngine engineOf(String table, String create) {
        CLICKHOUSE.server().execute("CREATE TABLE default." + table + " " + create);
        String full =
                ClickHouseTables.engineFull(
                        ClickHouseConnectionOptions.builder(CLICKHOUSE.server().httpUrl()).build(),
                        "default",
                        table);
        return ClickHouseEngine.parse(full);
    }

    @Test
    void newSyntaxEnginesGiveTheirParametersAndSortingKey() {
        ClickHouseEngine replacing =
                engineOf(
                        "e_rep",
                        "(k String, j Int32, ver UInt64) ENGINE = ReplacingMergeTree(ver)"
                                + " PARTITION BY j ORDER BY (k, j)");
        assertThat(replacing.name()).isEqualTo("ReplacingMergeTree");
        assertThat(replacing.parameters()).containsExactly("ver");
        assertThat(replacing.sortingKey()).containsExactly("k", "j");
        assertThat(replacing.full()).startsWith("ReplacingMergeTree(ver) PARTITION BY j ORDER BY");

        ClickHouseEngine noVersion =
                engineOf("e_rep0", "(k String) ENGINE = ReplacingMergeTree() ORDER BY k");
        assertThat(noVersion.parameters()).isEmpty();
        assertThat(noVersion.sortingKey()).containsExactly("k");

        ClickHouseEngine versioned =
                engineOf(
                        "e_vcol",
                        "(`the key` String, s Int8, v UInt32)"
                                + " ENGINE = VersionedCollapsingMergeTree(s, v) ORDER BY `the key`");
        assertThat(versioned.name()).isEqualTo("VersionedCollapsingMergeTree");
        assertThat(versioned.parameters()).containsExactly("s", "v");
        // a name that is not a plain identifier: the sorting key is not checked
        assertThat(versioned.sortingKey()).isNull();

        ClickHouseEngine expression =
                engineOf(
                        "e_expr",
                        "(k String, s Int8) ENGINE = CollapsingMergeTree(s)"
                                + " ORDER BY (k, cityHash64(k))"
                                + " SAMPLE BY cityHash64(k)");
        assertThat(expression.parameters()).containsExactly("s");
        assertThat(expression.sortingKey()).isNull();

        ClickHouseEngine plain = engineOf("e_log", "(k String) ENGINE = Log");
        assertThat(plain.name()).isEqualTo("Log");
        assertThat(plain.parameters()).isEmpty();
    }

    @Test
    void oldSyntaxEnginesGiveTheParametersAfterTheGranularity() {
        ClickHouseEngine replacing =
                engineOf(
                        "o_rep",
                        "(d Date, k String, ver UInt64)"
                                + " ENGINE = ReplacingMergeTree(d, (k, d), 8192, ver)");
        assertThat(replacing.name()).isEqualTo("ReplacingMergeTree");
        assertThat(replacing.parameters()).containsExactly("ver");
        assertThat(replacing.sortingKey()).containsExactly("k", "d");

        ClickHouseEngine collapsing =
                engineOf(
                        "o_col",
                        "(d Date, k String, sign Int8)"
                                + " ENGINE = CollapsingMergeTree(d, k, 8192, sign)");
        assertThat(collapsing.parameters()).containsExactly("sign");
        assertThat(collapsing.sortingKey()).containsExactly("k");
    }

    @Test
    void replicatedEnginesDropTheirZooKeeperPathAndReplica() {
        ClickHouseEngine engine =
                ClickHouseEngine.parse(
                        "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/t', '{replica}',"
                                + " ver, is_deleted) ORDER BY (k) SETTINGS index_granularity = 8192");
        assertThat(engine.name()).isEqualTo("ReplacingMergeTree");
        assertThat(engine.parameters()).containsExactly("ver", "is_deleted");
        assertThat(engine.sortingKey()).containsExactly("k");
    }

    @Test
    void aMissingTableIsNamed() {
        assertThatThrownBy(
                        () ->
                                ClickHouseTables.engineFull(
                                        ClickHouseConnectionOptions.builder(
                                                        CLICKHOUSE.server().httpUrl())
                                                .build(),
                                        "default",
                                        "nope"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'default.nope' at " + CLICKHOUSE.server().httpUrl())
                .hasMessageContaining("does not exist");
    }
}
