package dev.flinkext.benchmarks.format.pb;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link PbFormatBenchmark}'s methods timed by the thread's CPU time instead of the wall clock, in
 * alternating rounds (ours, reference, reference, ours, ...): on a machine shared with other busy
 * processes the wall-clock scores swing with the neighbours' load, CPU time much less. One JVM runs
 * both sides (unlike JMH's forks), so this is a cross-check of the JMH ratios, not a replacement.
 *
 * <p>Prints the median CPU ns per row of each side and the ratio (reference / ours, so > 1 means
 * flinkext is better), like {@code RatioRunner}. Arguments: {@code messages=flat,nested,defaults
 * rounds=21 warmupSeconds=4 roundMillis=100}.
 */
public final class PbFormatCpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PbFormatCpuTime() {}

    /** One benchmark method: runs it over all rows once. */
    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        String[] messages = options.getOrDefault("messages", "flat,nested,defaults").split(",");
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "21"));
        long warmupNanos =
                Long.parseLong(options.getOrDefault("warmupSeconds", "4")) * 1_000_000_000L;
        long roundNanos = Long.parseLong(options.getOrDefault("roundMillis", "100")) * 1_000_000L;

        Blackhole blackhole =
                new Blackhole(
                        "Today's password is swordfish. I understand instantiating Blackholes"
                                + " directly is dangerous.");
        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        Locale.ROOT,
                        "%-26s %14s %14s %9s%n",
                        "case (CPU ns/row, median)",
                        "ours",
                        "reference",
                        "ratio"));
        for (String message : messages) {
            PbFormatBenchmark benchmark = new PbFormatBenchmark();
            benchmark.message = message;
            benchmark.setUp();
            row(
                    table,
                    "decode {" + message + "}",
                    () -> benchmark.ours_decode(blackhole),
                    () -> benchmark.reference_decode(blackhole),
                    rounds,
                    warmupNanos,
                    roundNanos);
            row(
                    table,
                    "encode {" + message + "}",
                    () -> benchmark.ours_encode(blackhole),
                    () -> benchmark.reference_encode(blackhole),
                    rounds,
                    warmupNanos,
                    roundNanos);
        }
        System.out.println("flinkext vs reference by CPU time (ratio > 1: flinkext is better)");
        System.out.print(table);
    }

    private static void row(
            StringBuilder table,
            String name,
            Op ours,
            Op reference,
            int rounds,
            long warmupNanos,
            long roundNanos)
            throws Exception {
        long end = System.nanoTime() + warmupNanos;
        while (System.nanoTime() < end) {
            ours.run();
            reference.run();
        }
        int oursReps = repetitions(ours, roundNanos);
        int referenceReps = repetitions(reference, roundNanos);
        double[] oursNs = new double[rounds];
        double[] referenceNs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // ABBA order: neither side always runs right after the other
            if (r % 2 == 0) {
                oursNs[r] = nanosPerRow(ours, oursReps);
                referenceNs[r] = nanosPerRow(reference, referenceReps);
            } else {
                referenceNs[r] = nanosPerRow(reference, referenceReps);
                oursNs[r] = nanosPerRow(ours, oursReps);
            }
        }
        double oursMedian = median(oursNs);
        double referenceMedian = median(referenceNs);
        table.append(
                String.format(
                        Locale.ROOT,
                        "%-26s %14.1f %14.1f %8.2fx%n",
                        name,
                        oursMedian,
                        referenceMedian,
                        referenceMedian / oursMedian));
    }

    private static int repetitions(Op op, long roundNanos) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        op.run();
        long once = Math.max(1, THREADS.getCurrentThreadCpuTime() - start);
        return (int) Math.max(1, roundNanos / once);
    }

    private static double nanosPerRow(Op op, int repetitions) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < repetitions; i++) {
            op.run();
        }
        return (THREADS.getCurrentThreadCpuTime() - start)
                / ((double) repetitions * PbFormatBenchmark.ROWS);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
