package dev.flinkext.lookup.full;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.functions.FunctionContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test fixture: a function context of subtask i of n whose metrics the test can read. */
final class TestFunctionContext extends FunctionContext {

    private final TaskInfo taskInfo;
    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();
    private boolean taskInfoRequested;

    TestFunctionContext(int subtask, int parallelism) {
        super(null);
        this.taskInfo = new TaskInfoImpl("lookup-join", parallelism, subtask, parallelism, 0);
    }

    static TestFunctionContext single() {
        return new TestFunctionContext(0, 1);
    }

    @Override
    public TaskInfo getTaskInfo() {
        taskInfoRequested = true;
        return taskInfo;
    }

    boolean taskInfoRequested() {
        return taskInfoRequested;
    }

    @Override
    public MetricGroup getMetricGroup() {
        return new Recording("");
    }

    long counter(String name) {
        Metric metric = metrics.get(name);
        if (!(metric instanceof Counter)) {
            throw new AssertionError("no counter " + name + " in " + metrics.keySet());
        }
        return ((Counter) metric).getCount();
    }

    Object gauge(String name) {
        Metric metric = metrics.get(name);
        if (!(metric instanceof Gauge)) {
            throw new AssertionError("no gauge " + name + " in " + metrics.keySet());
        }
        return ((Gauge<?>) metric).getValue();
    }

    Map<String, Metric> metrics() {
        return metrics;
    }

    /** Records metrics under their dotted group path, e.g. "cache.hitCount". */
    private final class Recording extends UnregisteredMetricsGroup {
        private final String prefix;

        Recording(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return new Recording(prefix + name + ".");
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            metrics.put(prefix + name, counter);
            return counter;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(prefix + name, gauge);
            return gauge;
        }
    }
}
