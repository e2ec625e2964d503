package dev.flinkext.lookup.full;

import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.functions.FunctionContext;

import java.util.Map;

/** Test fixture: a function context of subtask i of n whose metrics the test can read. */
final class TestFunctionContext extends FunctionContext {

    private final TaskInfo taskInfo;
    private final RecordingMetricGroup metrics = new RecordingMetricGroup();
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
        return metrics;
    }

    long counter(String name) {
        return metrics.count(name);
    }

    Object gauge(String name) {
        return metrics.gaugeValue(name);
    }

    Map<String, Metric> metrics() {
        return metrics.metrics();
    }
}
