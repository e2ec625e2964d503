package dev.flinkext.connector.clickhouse.cluster;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributedEngineTest {

    @Test
    void nestedCallsQuotesAndAPolicyArgument() {
        assertThat(
                        DistributedEngine.parse(
                                "Distributed(`my cluster`, 'd\\'b', t, murmurHash3_64(concat(a, ',)')), 'policy')",
                                "own"))
                .isEqualTo(
                        new DistributedEngine(
                                "my cluster",
                                "d'b",
                                "t",
                                Optional.of("murmurHash3_64(concat(a, ',)'))")));
        assertThat(DistributedEngine.parse("Distributed(c, currentDatabase(), t)", "own"))
                .isEqualTo(new DistributedEngine("c", "own", "t", Optional.empty()));
    }

    @Test
    void whatIsNotADistributedEngineOrNotANameIsRefused() {
        assertThatThrownBy(() -> DistributedEngine.parse("MergeTree ORDER BY k", "d"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("MergeTree ORDER BY k");
        assertThatThrownBy(() -> DistributedEngine.parse("Distributed(c, d)", "d"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("cluster, database and table");
        assertThatThrownBy(
                        () -> DistributedEngine.parse("Distributed(c, concat('a', 'b'), t)", "d"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("concat('a', 'b')");
        assertThatThrownBy(() -> DistributedEngine.parse("Distributed(c, d, t", "d"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Unbalanced");
    }
}
