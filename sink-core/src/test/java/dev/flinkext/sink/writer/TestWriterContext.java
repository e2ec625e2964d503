package dev.flinkext.sink.writer;

import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The parts of Flink's writer context that {@link BufferedSinkWriter} uses: metrics (recorded) and
 * processing-time timers (fired by the test, on the test thread, as the mailbox would).
 */
final class TestWriterContext {

    final RecordingMetricGroup metrics = new RecordingMetricGroup();
    final Counter recordsSend = new SimpleCounter();
    final List<ProcessingTimeService.ProcessingTimeCallback> timers = new ArrayList<>();

    WriterInitContext context() {
        SinkWriterMetricGroup group =
                (SinkWriterMetricGroup)
                        Proxy.newProxyInstance(
                                getClass().getClassLoader(),
                                new Class<?>[] {SinkWriterMetricGroup.class},
                                (proxy, method, args) -> {
                                    if (method.getName().equals("getNumRecordsSendCounter")) {
                                        return recordsSend;
                                    }
                                    try {
                                        return method.invoke(metrics, args);
                                    } catch (InvocationTargetException e) {
                                        throw e.getCause();
                                    }
                                });
        ProcessingTimeService time =
                (ProcessingTimeService)
                        Proxy.newProxyInstance(
                                getClass().getClassLoader(),
                                new Class<?>[] {ProcessingTimeService.class},
                                (proxy, method, args) -> {
                                    switch (method.getName()) {
                                        case "getCurrentProcessingTime":
                                            return 0L;
                                        case "registerTimer":
                                            timers.add(
                                                    (ProcessingTimeService.ProcessingTimeCallback)
                                                            args[1]);
                                            return (ScheduledFuture<?>) null;
                                        default:
                                            throw new UnsupportedOperationException(
                                                    method.getName());
                                    }
                                });
        return (WriterInitContext)
                Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {WriterInitContext.class},
                        (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "metricGroup":
                                    return group;
                                case "getProcessingTimeService":
                                    return time;
                                default:
                                    throw new UnsupportedOperationException(method.getName());
                            }
                        });
    }

    /** Fires every pending timer, as the task's mailbox would once their time came. */
    void fireTimers() throws Exception {
        List<ProcessingTimeService.ProcessingTimeCallback> due = new ArrayList<>(timers);
        timers.clear();
        for (ProcessingTimeService.ProcessingTimeCallback timer : due) {
            timer.onProcessingTime(0L);
        }
    }

    static CompletableFuture<WriteOutcome> confirmed() {
        return CompletableFuture.completedFuture(WriteOutcome.allConfirmed());
    }
}
