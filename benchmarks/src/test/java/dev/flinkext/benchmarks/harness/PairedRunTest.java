package dev.flinkext.benchmarks.harness;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class PairedRunTest {

    /** A stand-in benchmark: records what the runner calls. */
    @State(Scope.Benchmark)
    public static class Recorded {
        static final List<String> CALLS = new ArrayList<>();

        @Param({"a", "b"})
        String kind;

        @Param({"1", "2"})
        int size;

        @Setup(Level.Trial)
        public void setUp() {
            CALLS.add("setUp " + kind + size);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            CALLS.add("tearDown");
        }

        @Benchmark
        public void ours_write() {
            CALLS.add("ours");
        }

        @Benchmark
        public void reference_write() {
            CALLS.add("reference");
        }

        @Benchmark
        public void ours_unpaired() {}
    }

    /** A benchmark whose setup runs per iteration: the runner cannot mimic that. */
    @State(Scope.Benchmark)
    public static class PerIteration {
        @Setup(Level.Iteration)
        public void setUp() {}

        @Benchmark
        public void ours_x() {}

        @Benchmark
        public void reference_x() {}
    }

    @Test
    void everyCombinationOfTheDeclaredValuesUnlessOneIsGiven() {
        assertThat(PairedRun.combinations(Recorded.class, Map.of()))
                .containsExactly(
                        Map.of("kind", "a", "size", "1"),
                        Map.of("kind", "a", "size", "2"),
                        Map.of("kind", "b", "size", "1"),
                        Map.of("kind", "b", "size", "2"));
        assertThat(PairedRun.combinations(Recorded.class, Map.of("size", "7")))
                .containsExactly(
                        Map.of("kind", "a", "size", "7"), Map.of("kind", "b", "size", "7"));
        assertThatThrownBy(() -> PairedRun.combinations(Recorded.class, Map.of("sise", "7")))
                .hasMessageContaining("no @Param named [sise]");
    }

    @Test
    void onlyCasesWithBothSides() {
        assertThat(PairedRun.cases(Recorded.class)).containsExactly("write");
    }

    @Test
    void alternatesInAbbaOrderBetweenSetUpAndTearDown() throws Exception {
        Recorded.CALLS.clear();
        PairedRun.Result result =
                PairedRun.run(Recorded.class, "write", Map.of("kind", "b", "size", "2"), 0, 4);

        assertThat(Recorded.CALLS)
                .containsExactly(
                        "setUp b2",
                        "ours",
                        "reference",
                        "reference",
                        "ours",
                        "reference",
                        "ours",
                        "ours",
                        "reference",
                        "tearDown");
        assertThat(result.medianRatio()).isPositive();
        assertThat(result.name()).contains("Recorded.write");
    }

    @Test
    void refusesSetUpsItCannotRunAsJmhWould() {
        assertThatThrownBy(() -> PairedRun.run(PerIteration.class, "x", Map.of(), 0, 1))
                .hasMessageContaining("runs per Iteration");
    }

    @Test
    void quantilesInterpolate() {
        double[] sorted = {1, 2, 3, 4};
        assertThat(PairedRun.quantile(sorted, 0.5)).isEqualTo(2.5);
        assertThat(PairedRun.quantile(sorted, 0)).isEqualTo(1);
        assertThat(PairedRun.quantile(sorted, 1)).isEqualTo(4);
    }
}
