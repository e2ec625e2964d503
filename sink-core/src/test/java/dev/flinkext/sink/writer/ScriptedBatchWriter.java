package dev.flinkext.sink.writer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * sink-core's own logic under test, not a store: records every batch it is given and answers each
 * from a script (default: all confirmed), or leaves it pending until the test completes it.
 */
final class ScriptedBatchWriter implements BatchWriter<KeyValueEntry> {

    final List<List<KeyValueEntry>> batches = new ArrayList<>();
    final List<CompletableFuture<WriteOutcome>> futures = new ArrayList<>();
    private final Deque<Function<List<KeyValueEntry>, CompletableFuture<WriteOutcome>>> script =
            new ArrayDeque<>();
    boolean closed;

    /** Answers the next call with {@code answer}. */
    ScriptedBatchWriter then(
            Function<List<KeyValueEntry>, CompletableFuture<WriteOutcome>> answer) {
        script.addLast(answer);
        return this;
    }

    /** Leaves the next call pending: the test completes {@code futures.get(i)} itself. */
    ScriptedBatchWriter thenPending() {
        return then(entries -> new CompletableFuture<>());
    }

    /** The next call leaves the entries at {@code positions} unconfirmed. */
    ScriptedBatchWriter thenUnconfirmed(int... positions) {
        return then(
                entries ->
                        CompletableFuture.completedFuture(
                                WriteOutcome.unconfirmed(
                                        positions, new java.io.IOException("BUSY script"))));
    }

    @Override
    public synchronized CompletableFuture<WriteOutcome> write(List<KeyValueEntry> entries) {
        batches.add(List.copyOf(entries));
        var answer = script.pollFirst();
        CompletableFuture<WriteOutcome> future =
                answer == null ? TestWriterContext.confirmed() : answer.apply(entries);
        futures.add(future);
        return future;
    }

    synchronized int calls() {
        return batches.size();
    }

    @Override
    public void close() {
        closed = true;
    }
}
