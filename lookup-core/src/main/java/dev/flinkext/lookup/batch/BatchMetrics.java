package dev.flinkext.lookup.batch;

import dev.flinkext.common.metrics.SlidingWindowHistogram;
import dev.flinkext.lookup.metrics.LookupMetricNames;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/** The batching metrics, in the operator's {@value LookupMetricNames#GROUP} group. */
final class BatchMetrics implements RetryingRead.Listener {

    final Counter batches;
    final Histogram batchSize;
    final Histogram batchLatencyMs;
    final Counter readFailures;
    final Counter retries;

    private BatchMetrics(MetricGroup group) {
        // Counters are bumped from the task thread, the scheduler and the reader's threads.
        batches = group.counter(LookupMetricNames.BATCHES, new ThreadSafeSimpleCounter());
        batchSize = group.histogram(LookupMetricNames.BATCH_SIZE, new SlidingWindowHistogram());
        batchLatencyMs =
                group.histogram(LookupMetricNames.BATCH_LATENCY_MS, new SlidingWindowHistogram());
        readFailures =
                group.counter(LookupMetricNames.READ_FAILURES, new ThreadSafeSimpleCounter());
        retries = group.counter(LookupMetricNames.RETRIES, new ThreadSafeSimpleCounter());
    }

    static BatchMetrics register(MetricGroup operatorGroup, Gauge<Integer> pendingKeys) {
        MetricGroup group = operatorGroup.addGroup(LookupMetricNames.GROUP);
        group.gauge(LookupMetricNames.PENDING_KEYS, pendingKeys);
        return new BatchMetrics(group);
    }

    @Override
    public void onReadFailure() {
        readFailures.inc();
    }

    @Override
    public void onRetry() {
        retries.inc();
    }
}
