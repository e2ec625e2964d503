package dev.flinkext.sink.writer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a connector implements: one attempt at writing a batch of store writes ("entries"), e.g. a
 * Redis pipeline per node, a Kudu session flush, a ClickHouse INSERT. Retries, ordering, buffering
 * and metrics are {@link BufferedSinkWriter}'s business.
 *
 * <p>The returned future completes with the {@link WriteOutcome}: which entries the store did not
 * confirm (to retry: connection lost, a transient server error) and why. It completes exceptionally
 * for an error that a retry cannot cure (bad data, a type the store refuses); the message should
 * name the entry's key and the store's host:port, never a secret.
 *
 * <p>Created on the task manager by the connector's sink; several calls may be outstanding at once
 * (up to {@code sink.max-in-flight-batches}), never two with entries of the same key.
 */
public interface BatchWriter<E> extends AutoCloseable {

    /**
     * Writes {@code entries} in their order per key. The list is the caller's again once the
     * returned future completes (it is reused for a later batch): keep no reference to it.
     */
    CompletableFuture<WriteOutcome> write(List<E> entries);
}
