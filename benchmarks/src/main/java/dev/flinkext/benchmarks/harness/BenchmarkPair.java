package dev.flinkext.benchmarks.harness;

/**
 * One case measured twice in the same JMH run: flinkext's implementation ({@code ours_<case>}) and
 * the reference it claims to beat ({@code reference_<case>}).
 *
 * @param name benchmark class simple name, case and JMH parameters, e.g. {@code
 *     KeyJoinBenchmark.join [parts=4]}
 * @param ours score of {@code ours_<case>}
 * @param reference score of {@code reference_<case>}
 * @param unit the score unit, e.g. {@code ops/ms}
 * @param higherIsBetter true for throughput modes, false for time modes
 */
public record BenchmarkPair(
        String name, double ours, double reference, String unit, boolean higherIsBetter) {

    /** How many times better ours is than the reference (> 1 means ours wins). */
    public double ratio() {
        return higherIsBetter ? ours / reference : reference / ours;
    }
}
