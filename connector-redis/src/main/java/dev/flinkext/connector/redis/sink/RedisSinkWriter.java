package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisSinkOptions;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Buffers the commands of incoming rows and writes them as pipelined batches: when {@code
 * sink.buffer-flush.max-rows} rows are buffered, when the oldest buffered row is {@code
 * sink.buffer-flush.interval} old, and in {@link #flush} (which Flink calls before every checkpoint
 * barrier passes and at end of input). A flush returns only when Redis confirmed every command, so
 * a completed checkpoint never leaves rows behind (at-least-once).
 *
 * <p>Everything runs on the task's mailbox thread (the interval flush is a processing-time timer),
 * so there is no locking.
 */
final class RedisSinkWriter implements SinkWriter<RowData> {

    static final String METRIC_GROUP = "sink";
    static final String FLUSHES = "numFlushes";
    static final String RETRIES = "numRetries";
    static final String COMMANDS = "numCommands";

    private final RedisSinkOptions options;
    private final RedisCommandMapper mapper;
    private final RedisClientProvider provider;
    private final RedisBatchExecutor executor;
    private final ProcessingTimeService timers;
    private final long ttlMillis;
    private final Counter flushes;
    private final Counter commandsSent;
    private final Counter recordsSent;

    private final Consumer<RedisCommand> bufferCommand = this::buffer; // one instance, not per row
    private List<RedisCommand> buffer = new ArrayList<>();
    private int bufferedRows;
    private boolean timerPending;
    private volatile boolean closed;

    RedisSinkWriter(
            RedisConnectionOptions connection,
            RedisSinkOptions options,
            RedisCommandMapper mapper,
            WriterInitContext context)
            throws IOException {
        this.options = options;
        this.mapper = mapper;
        this.timers = context.getProcessingTimeService();
        this.ttlMillis = options.ttl().map(java.time.Duration::toMillis).orElse(0L);
        try {
            mapper.open(context.asSerializationSchemaInitializationContext());
        } catch (Exception e) {
            throw new IOException("Cannot open the Redis command mapper: " + e.getMessage(), e);
        }
        MetricGroup metrics = context.metricGroup().addGroup(METRIC_GROUP);
        this.flushes = metrics.counter(FLUSHES);
        Counter retries = metrics.counter(RETRIES);
        this.commandsSent = metrics.counter(COMMANDS);
        this.recordsSent = context.metricGroup().getNumRecordsSendCounter();
        this.provider = RedisClientProvider.create(connection);
        this.executor =
                new RedisBatchExecutor(
                        provider,
                        options.maxRetries(),
                        options.retryBackoff(),
                        d -> Thread.sleep(d.toMillis()),
                        (attempt, commands, cause) -> retries.inc());
    }

    @Override
    public void write(RowData row, Context context) throws IOException, InterruptedException {
        RowKind kind = row.getRowKind();
        if (options.ignoreDelete() && (kind == RowKind.DELETE || kind == RowKind.UPDATE_BEFORE)) {
            return;
        }
        try {
            mapper.map(row, bufferCommand);
        } catch (IllegalArgumentException e) {
            throw new IOException("Cannot write a " + kind + " row to Redis: " + e.getMessage(), e);
        }
        bufferedRows++;
        if (bufferedRows >= options.bufferFlushMaxRows()) {
            flushBuffer();
        } else {
            scheduleFlush();
        }
    }

    private void buffer(RedisCommand command) {
        buffer.add(command);
        if (ttlMillis > 0 && command.writesValue()) {
            buffer.add(RedisCommand.pexpire(command.key(), ttlMillis));
        }
    }

    private void scheduleFlush() {
        long interval = options.bufferFlushInterval().toMillis();
        if (interval <= 0 || timerPending || bufferedRows == 0) {
            return;
        }
        timerPending = true;
        timers.registerTimer(
                timers.getCurrentProcessingTime() + interval,
                time -> {
                    timerPending = false;
                    if (!closed) {
                        flushBuffer();
                    }
                });
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            bufferedRows = 0;
            return;
        }
        List<RedisCommand> batch = buffer;
        int rows = bufferedRows;
        executor.execute(batch);
        // cleared only once confirmed: a failed flush fails the task, and the rows come back
        // from the last checkpoint
        buffer = new ArrayList<>();
        bufferedRows = 0;
        flushes.inc();
        commandsSent.inc(batch.size());
        recordsSent.inc(rows);
    }

    @Override
    public void close() {
        // Unflushed rows are not written here: close() also runs on failure and cancellation,
        // and those rows are replayed from the last checkpoint. Normal ends flush(true) first.
        closed = true;
        provider.close();
    }
}
