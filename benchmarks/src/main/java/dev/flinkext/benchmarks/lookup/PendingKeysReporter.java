package dev.flinkext.benchmarks.lookup;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A MiniCluster metrics reporter ({@code metrics.reporter.<n>.factory.class} = this class) that
 * keeps lookup-core's {@code pendingKeys} gauges (keys a batching async lookup holds: in a batch,
 * in a store call, or waiting for a delayed re-read) to be sampled, and adds up the {@code
 * delayedRetry} counters ({@code numRetries}, {@code numFinalMisses}) of jobs as they end.
 */
public final class PendingKeysReporter implements MetricReporter, MetricReporterFactory {

    private static final Map<Metric, String> GAUGES = new ConcurrentHashMap<>();
    private static final Map<Counter, String> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> ENDED = new ConcurrentHashMap<>();

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new PendingKeysReporter();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (name.equals("pendingKeys") && metric instanceof Gauge) {
            GAUGES.put(metric, name);
        } else if ((name.equals("numRetries") || name.equals("numFinalMisses"))
                && metric instanceof Counter counter) {
            COUNTERS.put(counter, name);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        GAUGES.remove(metric);
        String counterName = COUNTERS.remove(metric);
        if (counterName != null) {
            ENDED.computeIfAbsent(counterName, n -> new LongAdder())
                    .add(((Counter) metric).getCount());
        }
    }

    /** The sum of every registered pendingKeys gauge now. */
    static long pendingKeys() {
        long sum = 0;
        for (Metric gauge : GAUGES.keySet()) {
            Object value = ((Gauge<?>) gauge).getValue();
            if (value instanceof Number n) {
                sum += n.longValue();
            }
        }
        return sum;
    }

    /**
     * A counter's total over the jobs ended since the last {@link #resetCounters()} and the live
     * ones.
     */
    static long counter(String name) {
        long sum = ENDED.getOrDefault(name, new LongAdder()).sum();
        for (Map.Entry<Counter, String> e : COUNTERS.entrySet()) {
            if (e.getValue().equals(name)) {
                sum += e.getKey().getCount();
            }
        }
        return sum;
    }

    /** Whether a job's lookup metrics are still registered. */
    static boolean anyLive() {
        return !GAUGES.isEmpty() || !COUNTERS.isEmpty();
    }

    static void resetCounters() {
        ENDED.clear();
    }
}
