package dev.flinkext.lookup.batch;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.functions.FunctionContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A metric group that keeps what is registered, by dotted name ("lookup.numBatches"). */
final class RecordingMetricGroup extends UnregisteredMetricsGroup {

    private final Map<String, Metric> metrics;
    private final String prefix;

    RecordingMetricGroup() {
        this(new ConcurrentHashMap<>(), "");
    }

    private RecordingMetricGroup(Map<String, Metric> metrics, String prefix) {
        this.metrics = metrics;
        this.prefix = prefix;
    }

    /** A function context whose metric group is this one. */
    FunctionContext context() {
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
        metrics.put(prefix + name, counter);
        return counter;
    }

    @Override
    public Counter counter(String name) {
        return counter(name, new SimpleCounter());
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        metrics.put(prefix + name, gauge);
        return gauge;
    }

    @Override
    public <H extends Histogram> H histogram(String name, H histogram) {
        metrics.put(prefix + name, histogram);
        return histogram;
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new RecordingMetricGroup(metrics, prefix + name + ".");
    }

    long count(String name) {
        Metric metric = metric(name);
        return metric instanceof Histogram
                ? ((Histogram) metric).getCount()
                : ((Counter) metric).getCount();
    }

    Object gaugeValue(String name) {
        return ((Gauge<?>) metric(name)).getValue();
    }

    Histogram histogram(String name) {
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
