package dev.flinkext.catalog.kudu;

import dev.flinkext.catalog.kudu.KuduRangeSyntax.TextRange;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text of the range options: forms, quoting and escapes, and the malformed specs. */
class KuduRangeSyntaxTest {

    private static final String RANGES = "partition.range.partitions";
    private static final String BOUNDS = "partition.range.bounds";

    @Test
    void parsesEveryRangeForm() {
        assertThat(
                        KuduRangeSyntax.ranges(
                                RANGES,
                                "VALUES < 0, 0 <= VALUES < 100, 200 <= values, VALUES >= 300,"
                                        + " VALUE = 7",
                                1))
                .containsExactly(
                        new TextRange(null, List.of("0")),
                        new TextRange(List.of("0"), List.of("100")),
                        new TextRange(List.of("200"), null),
                        new TextRange(List.of("300"), null),
                        new TextRange(List.of("7"), List.of("7"), true));
        assertThat(KuduRangeSyntax.ranges(RANGES, " UNBOUNDED ", 2))
                .containsExactly(new TextRange(null, null));
    }

    @Test
    void readsTuplesQuotesAndKuduEscapes() {
        assertThat(
                        KuduRangeSyntax.ranges(
                                RANGES,
                                "(\"a, b\", 2024-01-01 00:00:00) <= VALUES < ('it''s', \"q\\\"\\n\")",
                                2))
                .containsExactly(
                        new TextRange(
                                List.of("a, b", "2024-01-01 00:00:00"), List.of("it's", "q\"\n")));
        assertThat(KuduRangeSyntax.splitPoints(BOUNDS, "100, 200", 1))
                .containsExactly(List.of("100"), List.of("200"));
        assertThat(KuduRangeSyntax.splitPoints(BOUNDS, "(1, x), (2, ' y ')", 2))
                .containsExactly(List.of("1", "x"), List.of("2", " y "));
        assertThat(KuduRangeSyntax.splitPoints(BOUNDS, "", 1)).isEmpty();
    }

    @Test
    void refusesMalformedSpecsNamingOptionValueAndPosition() {
        assertThatThrownBy(() -> KuduRangeSyntax.ranges(RANGES, "0 <= VALUES <", 1))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith(
                        "'partition.range.partitions' = '0 <= VALUES <' is malformed at character"
                                + " 14: expected a value");
        assertThatThrownBy(() -> KuduRangeSyntax.ranges(RANGES, "0 < VALUES", 1))
                .hasMessageContaining("at character 3: expected '<='");
        assertThatThrownBy(() -> KuduRangeSyntax.ranges(RANGES, "(1, 2 <= VALUES", 2))
                .hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> KuduRangeSyntax.ranges(RANGES, "'open <= VALUES", 1))
                .hasMessageContaining("unterminated quoted value");
        assertThatThrownBy(() -> KuduRangeSyntax.ranges(RANGES, " ", 1))
                .hasMessageContaining("no range");
        assertThatThrownBy(() -> KuduRangeSyntax.splitPoints(BOUNDS, "(1, 2, 3)", 2))
                .hasMessageContaining("has 3 value(s), the range columns need 2");
        assertThatThrownBy(() -> KuduRangeSyntax.splitPoints(BOUNDS, "1,,2", 1))
                .hasMessageContaining("'partition.range.bounds' = '1,,2' is malformed")
                .hasMessageContaining("split points are values");
    }
}
