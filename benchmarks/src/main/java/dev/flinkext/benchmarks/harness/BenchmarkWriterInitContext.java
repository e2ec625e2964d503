package dev.flinkext.benchmarks.harness;

import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;

/**
 * The least a Sink V2 writer needs to run outside a Flink task, so a benchmark measures the writer
 * and not Flink's job start-up: real (unregistered) metric counters, like a task's, and a
 * processing-time service whose timers never fire (the benchmark flushes by size and by {@code
 * flush()}, as the raw-client reference does).
 */
public final class BenchmarkWriterInitContext implements WriterInitContext {

    /** The per-row context a benchmark hands {@code SinkWriter.write}: no watermark, no time. */
    public static final SinkWriter.Context NO_CONTEXT =
            new SinkWriter.Context() {
                @Override
                public long currentWatermark() {
                    return Long.MIN_VALUE;
                }

                @Override
                public Long timestamp() {
                    return null;
                }
            };

    private final SinkWriterMetricGroup metrics =
            InternalSinkWriterMetricGroup.wrap(
                    UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup());
    private final UserCodeClassLoader classLoader =
            SimpleUserCodeClassLoader.create(BenchmarkWriterInitContext.class.getClassLoader());

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
        return classLoader;
    }

    @Override
    public MailboxExecutor getMailboxExecutor() {
        throw new UnsupportedOperationException("not available in the benchmark");
    }

    @Override
    public ProcessingTimeService getProcessingTimeService() {
        return new ProcessingTimeService() {
            @Override
            public long getCurrentProcessingTime() {
                return System.currentTimeMillis();
            }

            @Override
            public ScheduledFuture<?> registerTimer(long time, ProcessingTimeCallback callback) {
                return null; // never fires: flushes come from size and flush()
            }
        };
    }

    @Override
    public SinkWriterMetricGroup metricGroup() {
        return metrics;
    }

    @Override
    public SerializationSchema.InitializationContext asSerializationSchemaInitializationContext() {
        return new SerializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return metrics;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return classLoader;
            }
        };
    }

    @Override
    public boolean isObjectReuseEnabled() {
        return false;
    }

    @Override
    public <IN> TypeSerializer<IN> createInputSerializer() {
        throw new UnsupportedOperationException("not available in the benchmark");
    }

    @Override
    public OptionalLong getRestoredCheckpointId() {
        return OptionalLong.empty();
    }

    @Override
    public JobInfo getJobInfo() {
        throw new UnsupportedOperationException("not available in the benchmark");
    }

    @Override
    public TaskInfo getTaskInfo() {
        throw new UnsupportedOperationException("not available in the benchmark");
    }
}
