package dev.flinkext.lookup.cache;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records every metric registered under it by its dotted name (e.g. {@code cache.hitCount}). */
final class RecordingMetricGroup extends UnregisteredMetricsGroup {

    private final String prefix;
    private final Map<String, Metric> metrics;

    RecordingMetricGroup() {
        this("", new ConcurrentHashMap<>());
    }

    private RecordingMetricGroup(String prefix, Map<String, Metric> metrics) {
        this.prefix = prefix;
        this.metrics = metrics;
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        register(name, counter);
        return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        register(name, gauge);
        return gauge;
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new RecordingMetricGroup(prefix + name + ".", metrics);
    }

    private void register(String name, Metric metric) {
        if (metrics.putIfAbsent(prefix + name, metric) != null) {
            throw new IllegalStateException("Metric registered twice: " + prefix + name);
        }
    }

    Map<String, Metric> metrics() {
        return metrics;
    }

    long count(String name) {
        Metric metric = metrics.get(name);
        if (metric == null) {
            throw new AssertionError("No metric " + name + " in " + metrics.keySet());
        }
        return metric instanceof Counter
                ? ((Counter) metric).getCount()
                : ((Number) ((Gauge<?>) metric).getValue()).longValue();
    }
}
