package dev.flinkext.sink.writer;

import dev.flinkext.sink.config.SinkWriterOptions;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.util.Objects;

/**
 * A Sink V2 made of a connector's three parts (row converter, entry traits, batch writer factory)
 * and sink-core's {@link BufferedSinkWriter}. Connectors wrap it in their own public sink class
 * (e.g. {@code RedisSink}) so DataStream users see one builder per store.
 */
public final class BufferedSink<IN, E> implements Sink<IN> {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final SinkWriterOptions options;
    private final RowConverter<IN, E> converter;
    private final EntryTraits<E> traits;
    private final BatchWriterFactory<E> writers;

    public BufferedSink(
            String name,
            SinkWriterOptions options,
            RowConverter<IN, E> converter,
            EntryTraits<E> traits,
            BatchWriterFactory<E> writers) {
        this.name = Objects.requireNonNull(name, "name");
        this.options = Objects.requireNonNull(options, "options");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.traits = Objects.requireNonNull(traits, "traits");
        this.writers = Objects.requireNonNull(writers, "writers");
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
        BatchWriter<E> batchWriter = writers.create(context, options);
        try {
            return new BufferedSinkWriter<>(name, options, converter, traits, batchWriter, context);
        } catch (IOException | RuntimeException e) {
            try {
                batchWriter.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public SinkWriterOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "BufferedSink{" + name + ", " + options + '}';
    }
}
