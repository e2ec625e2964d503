package dev.flinkext.benchmarks.harness;

import dev.flinkext.benchmarks.KeyJoinBenchmark;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RatioTableTest {

    @Test
    void pairsOursWithReferenceOfTheSameCaseAndParams() {
        RatioTable table =
                RatioTable.fromScores(
                        List.of(
                                score("a.B.ours_x", Map.of("n", "1"), 30, "thrpt"),
                                score("a.B.reference_x", Map.of("n", "1"), 10, "thrpt"),
                                score("a.B.ours_x", Map.of("n", "2"), 5, "thrpt"),
                                score("a.B.reference_x", Map.of("n", "2"), 10, "thrpt"),
                                score("a.B.ours_t", Map.of(), 2, "avgt"),
                                score("a.B.reference_t", Map.of(), 6, "avgt")));

        assertThat(table.pairs()).hasSize(3);
        assertThat(table.pairs().get(0).name()).isEqualTo("B.x {n=1}");
        assertThat(table.pairs().get(0).ratio()).isCloseTo(3.0, within(1e-9));
        assertThat(table.pairs().get(1).ratio()).isCloseTo(0.5, within(1e-9));
        // time modes: lower is better, so 2 vs 6 means ours is 3x better
        assertThat(table.pairs().get(2).ratio()).isCloseTo(3.0, within(1e-9));
        assertThat(table.unpaired()).isEmpty();
    }

    @Test
    void reportsBenchmarksWithoutPartner() {
        RatioTable table =
                RatioTable.fromScores(
                        List.of(
                                score("a.B.ours_only", Map.of(), 1, "thrpt"),
                                score("a.B.reference_other", Map.of(), 1, "thrpt"),
                                score("a.B.plain", Map.of(), 1, "thrpt")));

        assertThat(table.pairs()).isEmpty();
        assertThat(table.unpaired())
                .containsExactlyInAnyOrder(
                        "B.plain", "B.only (no reference_ partner)", "B.other (no ours_ partner)");
    }

    /** Runs the proof benchmark for real (in-process, tiny iterations) through JMH's runner. */
    @Test
    void runsTheProofBenchmarkThroughJmh() throws Exception {
        // a benchmark someone runs meanwhile holds /tmp/jmh.lock; this tiny in-process run
        // measures nothing that the other run could disturb
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> results =
                new Runner(
                                new OptionsBuilder()
                                        .include(KeyJoinBenchmark.class.getName())
                                        .param("parts", "3")
                                        .forks(0)
                                        .warmupIterations(0)
                                        .measurementIterations(1)
                                        .measurementTime(TimeValue.milliseconds(200))
                                        .build())
                        .run();

        RatioTable table = RatioTable.fromRunResults(results);
        assertThat(table.pairs()).hasSize(1);
        assertThat(table.pairs().get(0).name()).isEqualTo("KeyJoinBenchmark.join {parts=3}");
        assertThat(table.pairs().get(0).ours()).isPositive();
        assertThat(table.pairs().get(0).reference()).isPositive();
        assertThat(table.render()).contains("KeyJoinBenchmark.join {parts=3}");
    }

    private static RatioTable.Score score(
            String benchmark, Map<String, String> params, double value, String mode) {
        return new RatioTable.Score(benchmark, params, value, "ops/ms", mode);
    }
}
