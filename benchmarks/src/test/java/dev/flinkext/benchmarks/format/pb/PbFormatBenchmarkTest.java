package dev.flinkext.benchmarks.format.pb;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;

/** The benchmark's set-up checks (same rows, same messages on both sides) for each message. */
class PbFormatBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"flat", "nested", "defaults"})
    void bothSidesDoTheSameWork(String message) {
        PbFormatBenchmark benchmark = new PbFormatBenchmark();
        benchmark.message = message;
        assertThatCode(benchmark::setUp).doesNotThrowAnyException();
    }
}
