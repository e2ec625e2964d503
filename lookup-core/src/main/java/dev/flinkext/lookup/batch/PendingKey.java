package dev.flinkext.lookup.batch;

import org.apache.flink.table.data.RowData;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One distinct key of a batch and every lookup waiting for it. The waiting list only grows while
 * the key sits in an open batch (under the batcher's lock); once sent it is read-only.
 */
final class PendingKey {

    final RowData key;
    final List<CompletableFuture<Collection<RowData>>> waiting = new ArrayList<>(1);

    /** Reads done so far for these lookups (see {@link ReadOutcomeHandler}). */
    int reads;

    PendingKey(RowData key) {
        this.key = key;
    }

    /** Takes over the lookups of another entry for the same key. */
    void absorb(PendingKey other) {
        waiting.addAll(other.waiting);
        reads = Math.max(reads, other.reads);
    }

    void complete(Collection<RowData> rows) {
        for (CompletableFuture<Collection<RowData>> future : waiting) {
            future.complete(rows);
        }
    }

    void fail(Throwable error) {
        for (CompletableFuture<Collection<RowData>> future : waiting) {
            future.completeExceptionally(error);
        }
    }
}
