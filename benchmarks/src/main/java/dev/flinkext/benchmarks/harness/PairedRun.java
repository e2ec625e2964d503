package dev.flinkext.benchmarks.harness;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures a benchmark's {@code ours_<case>} and {@code reference_<case>} in alternation, one
 * invocation each per round (ABBA order), and reports the median of the per-round time ratios.
 *
 * <p>Why besides JMH: JMH measures one method after the other, so on a shared machine (other
 * builds, other jobs) the two sides see different loads, and a ratio of their scores can swing by
 * 2x between runs. Invocations that alternate every few milliseconds see the same load; the median
 * of their ratios is stable where the means are not. JMH's forking and dead-code guards are not
 * needed for these benchmarks: each invocation does real I/O against a server.
 *
 * <p>It drives the same JMH state classes: sets their {@code @Param} fields, calls their
 * trial-level {@code @Setup} and {@code @TearDown} methods, and calls the benchmark methods
 * directly.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.flinkext.benchmarks.harness.PairedRun \
 *     dev.flinkext.benchmarks.redis.RedisSinkBenchmark [rounds=200] [warmup=50] [param=value ...]
 * </pre>
 *
 * A {@code @Param} not given runs each of its declared values.
 */
public final class PairedRun {

    private PairedRun() {}

    /** The outcome of one case: ratio > 1 means ours is faster. */
    public record Result(
            String name,
            double medianRatio,
            double p25Ratio,
            double p75Ratio,
            double oursMedianMillis,
            double referenceMedianMillis) {

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%-70s median %.2fx (p25 %.2fx, p75 %.2fx); per invocation ours %.2f ms,"
                            + " reference %.2f ms",
                    name,
                    medianRatio,
                    p25Ratio,
                    p75Ratio,
                    oursMedianMillis,
                    referenceMedianMillis);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(
                    "usage: PairedRun <benchmark class> [rounds=N] [warmup=N] [param=value ...]");
            System.exit(2);
        }
        Class<?> type = Class.forName(args[0]);
        int rounds = 200;
        int warmup = 50;
        Map<String, String> fixed = new LinkedHashMap<>();
        for (String arg : Arrays.asList(args).subList(1, args.length)) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("Expected name=value, got '" + arg + "'");
            }
            String name = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "rounds" -> rounds = Integer.parseInt(value);
                case "warmup" -> warmup = Integer.parseInt(value);
                default -> fixed.put(name, value);
            }
        }
        List<Result> results = new ArrayList<>();
        for (Map<String, String> params : combinations(type, fixed)) {
            for (String benchmarkCase : cases(type)) {
                Result result = run(type, benchmarkCase, params, warmup, rounds);
                System.out.println(result);
                results.add(result);
            }
        }
        System.out.println();
        System.out.println(
                "flinkext vs reference, alternating invocations (ratio > 1: ours faster)");
        results.forEach(System.out::println);
    }

    /** Runs one case with the given parameters. */
    public static Result run(
            Class<?> type, String benchmarkCase, Map<String, String> params, int warmup, int rounds)
            throws Exception {
        Object state = type.getDeclaredConstructor().newInstance();
        for (Map.Entry<String, String> param : params.entrySet()) {
            setParam(state, param.getKey(), param.getValue());
        }
        Method ours = type.getMethod(RatioTable.OURS + benchmarkCase);
        Method reference = type.getMethod(RatioTable.REFERENCE + benchmarkCase);
        invokeAll(state, Setup.class);
        try {
            double[] oursNanos = new double[rounds];
            double[] referenceNanos = new double[rounds];
            double[] ratios = new double[rounds];
            for (int round = -warmup; round < rounds; round++) {
                boolean oursFirst = Math.floorMod(round, 4) == 0 || Math.floorMod(round, 4) == 3;
                long a = oursFirst ? time(state, ours) : time(state, reference);
                long b = oursFirst ? time(state, reference) : time(state, ours);
                if (round >= 0) {
                    oursNanos[round] = oursFirst ? a : b;
                    referenceNanos[round] = oursFirst ? b : a;
                    ratios[round] = referenceNanos[round] / oursNanos[round];
                }
            }
            Arrays.sort(ratios);
            Arrays.sort(oursNanos);
            Arrays.sort(referenceNanos);
            return new Result(
                    type.getSimpleName() + "." + benchmarkCase + " " + params,
                    quantile(ratios, 0.5),
                    quantile(ratios, 0.25),
                    quantile(ratios, 0.75),
                    quantile(oursNanos, 0.5) / 1e6,
                    quantile(referenceNanos, 0.5) / 1e6);
        } finally {
            invokeAll(state, TearDown.class);
        }
    }

    private static long time(Object state, Method method) throws Exception {
        long start = System.nanoTime();
        try {
            method.invoke(state);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(method.getName() + " failed", e.getCause());
        }
        return System.nanoTime() - start;
    }

    /** The benchmark cases that have both an ours_ and a reference_ method. */
    static List<String> cases(Class<?> type) {
        List<String> cases = new ArrayList<>();
        for (Method method : type.getMethods()) {
            String name = method.getName();
            if (method.isAnnotationPresent(Benchmark.class) && name.startsWith(RatioTable.OURS)) {
                String benchmarkCase = name.substring(RatioTable.OURS.length());
                try {
                    type.getMethod(RatioTable.REFERENCE + benchmarkCase);
                    cases.add(benchmarkCase);
                } catch (NoSuchMethodException unpaired) {
                    // JMH's RatioTable lists it as unpaired; nothing to alternate with here
                }
            }
        }
        cases.sort(null);
        return cases;
    }

    /** Every combination of the declared @Param values, with {@code fixed} ones held. */
    static List<Map<String, String>> combinations(Class<?> type, Map<String, String> fixed) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        List<String> unknown = new ArrayList<>(fixed.keySet());
        for (Field field : type.getDeclaredFields()) {
            Param param = field.getAnnotation(Param.class);
            if (param == null) {
                continue;
            }
            unknown.remove(field.getName());
            List<String> values =
                    fixed.containsKey(field.getName())
                            ? List.of(fixed.get(field.getName()))
                            : Arrays.asList(param.value());
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combination : combinations) {
                for (String value : values) {
                    Map<String, String> extended = new LinkedHashMap<>(combination);
                    extended.put(field.getName(), value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    type.getSimpleName() + " has no @Param named " + unknown);
        }
        return combinations;
    }

    private static void setParam(Object state, String name, String value) throws Exception {
        Field field = state.getClass().getDeclaredField(name);
        field.setAccessible(true);
        Class<?> type = field.getType();
        if (type == int.class) {
            field.setInt(state, Integer.parseInt(value));
        } else if (type == long.class) {
            field.setLong(state, Long.parseLong(value));
        } else if (type == boolean.class) {
            field.setBoolean(state, Boolean.parseBoolean(value));
        } else if (type == double.class) {
            field.setDouble(state, Double.parseDouble(value));
        } else if (type == String.class) {
            field.set(state, value);
        } else {
            throw new IllegalArgumentException(
                    "@Param " + name + " has type " + type + ", which PairedRun does not set");
        }
    }

    /** Calls the trial-level methods with {@code annotation}; refuses other levels. */
    private static void invokeAll(Object state, Class<? extends java.lang.annotation.Annotation> a)
            throws Exception {
        for (Method method : state.getClass().getMethods()) {
            Level level = levelOf(method, a);
            if (level == null) {
                continue;
            }
            if (level != Level.Trial) {
                throw new IllegalArgumentException(
                        method.getName()
                                + " runs per "
                                + level
                                + ": PairedRun only calls trial-level @Setup/@TearDown");
            }
            try {
                method.invoke(state);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(method.getName() + " failed", e.getCause());
            }
        }
    }

    private static Level levelOf(
            Method method, Class<? extends java.lang.annotation.Annotation> annotation) {
        if (annotation == Setup.class && method.isAnnotationPresent(Setup.class)) {
            return method.getAnnotation(Setup.class).value();
        }
        if (annotation == TearDown.class && method.isAnnotationPresent(TearDown.class)) {
            return method.getAnnotation(TearDown.class).value();
        }
        return null;
    }

    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
