package dev.flinkext.lookup.cache;

import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.functions.FunctionContext;

/**
 * The {@link FunctionContext} a cache opens its refresh reader with. A {@code LookupCache} is
 * opened with a metric group only (and shared by every subtask of a task manager), so there is no
 * runtime context: {@link #getUserCodeClassLoader()} works, {@link #getMetricGroup()} is a silent
 * no-op group, and task-specific calls ({@code getTaskInfo}, {@code getCachedFile}, {@code
 * getJobParameter}) throw, as they do in Flink's constant folding.
 */
final class RefreshReaderContext extends FunctionContext {

    private static final MetricGroup NO_METRICS = new UnregisteredMetricsGroup();

    RefreshReaderContext(ClassLoader userCodeClassLoader) {
        super(null, userCodeClassLoader, null);
    }

    @Override
    public MetricGroup getMetricGroup() {
        // FunctionContext would log a warning on every call without a runtime context.
        return NO_METRICS;
    }
}
