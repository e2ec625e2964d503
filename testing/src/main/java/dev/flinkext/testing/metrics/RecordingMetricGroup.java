package dev.flinkext.testing.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.functions.FunctionContext;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric group that keeps every metric registered under it by its dotted name ({@code
 * cache.hitCount}), so a test can read what a function or schema reports. Registering one name
 * twice fails: a real reporter would drop the second.
 */
public final class RecordingMetricGroup extends UnregisteredMetricsGroup {

    private final Map<String, Metric> metrics;
    private final String prefix;

    public RecordingMetricGroup() {
        this(new ConcurrentHashMap<>(), "");
    }

    private RecordingMetricGroup(Map<String, Metric> metrics, String prefix) {
        this.metrics = metrics;
        this.prefix = prefix;
    }

    /** A table function context whose metric group is this one. */
    public FunctionContext functionContext() {
        RecordingMetricGroup group = this;
        return new FunctionContext(null) {
            @Override
            public MetricGroup getMetricGroup() {
                return group;
            }
        };
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        register(name, counter);
        return counter;
    }

    @Override
    public Counter counter(String name) {
        return counter(name, new SimpleCounter());
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        register(name, gauge);
        return gauge;
    }

    @Override
    public <H extends Histogram> H histogram(String name, H histogram) {
        register(name, histogram);
        return histogram;
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new RecordingMetricGroup(metrics, prefix + name + ".");
    }

    private void register(String name, Metric metric) {
        if (metrics.putIfAbsent(prefix + name, metric) != null) {
            throw new IllegalStateException("Metric registered twice: " + prefix + name);
        }
    }

    /** Every metric so far, by dotted name. */
    public Map<String, Metric> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    /** A counter's count, a histogram's count, or a numeric gauge's value. */
    public long count(String name) {
        Metric metric = metric(name);
        if (metric instanceof Counter) {
            return ((Counter) metric).getCount();
        }
        if (metric instanceof Histogram) {
            return ((Histogram) metric).getCount();
        }
        return ((Number) ((Gauge<?>) metric).getValue()).longValue();
    }

    public Object gaugeValue(String name) {
        return ((Gauge<?>) metric(name)).getValue();
    }

    public Histogram histogram(String name) {
        return (Histogram) metric(name);
    }

    private Metric metric(String name) {
        Metric metric = metrics.get(name);
        if (metric == null) {
            throw new AssertionError("No metric " + name + " among " + metrics.keySet());
        }
        return metric;
    }
}
