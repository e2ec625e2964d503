package dev.flinkext.sink.writer;

import org.apache.flink.api.connector.sink2.WriterInitContext;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns an input row into the store writes ("entries") it needs, e.g. a Redis {@code HSET} and
 * {@code HDEL} for one HASH row. Part of the connector's sink, so serializable; opened once per
 * writer.
 */
public interface RowConverter<IN, E> extends Serializable {

    /** Called once per writer before the first row. */
    default void open(WriterInitContext context) throws Exception {}

    /**
     * Emits the row's entries, in order. May keep nothing of {@code row} (Flink may reuse it).
     *
     * @throws IllegalArgumentException for a row the store cannot take, naming column and value
     */
    void convert(IN row, Consumer<E> out);

    /**
     * For upsert streams, given the row and the entries {@link #convert} just made of it: the key
     * under which a later row replaces this one while both wait in the buffer (its entries then
     * never reach the store); null when the row must not be reduced (increments, list pushes, or
     * reduce-by-key turned off). The key must be a value with equals and hashCode that references
     * nothing of {@code row}. {@code entries} is a view of the buffer, valid only during the call
     * (the entries may be kept, the list may not). The default reduces nothing.
     */
    @Nullable
    default Object reduceKey(IN row, List<E> entries) {
        return null;
    }
}
