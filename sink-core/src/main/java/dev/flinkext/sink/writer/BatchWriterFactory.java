package dev.flinkext.sink.writer;

import dev.flinkext.sink.config.SinkWriterOptions;

import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.io.Serializable;

/** Part of a connector's sink: opens the store client of one writer on the task manager. */
@FunctionalInterface
public interface BatchWriterFactory<E> extends Serializable {

    BatchWriter<E> create(WriterInitContext context, SinkWriterOptions options) throws IOException;
}
