package dev.flinkext.lookup.batch;

import org.apache.flink.table.data.RowData;

import java.io.Serializable;
import java.util.Collection;

/**
 * Decides, per key and read, whether the lookups waiting for a key complete with what was read or
 * the key is read again later. The default, {@link #COMPLETE}, always completes; a delayed-retry
 * lookup may instead reschedule misses a few times before giving up.
 *
 * <p>Called on the thread that completed the read; must be quick and must not block.
 */
@FunctionalInterface
public interface ResultHandler extends Serializable {

    /** Completes every lookup with the rows of its first read. */
    ResultHandler COMPLETE = (key, rows, reads) -> ResultDecision.complete();

    /**
     * @param key the lookup key
     * @param rows the rows read for it; empty when the store has none
     * @param reads how many times this key has now been read for the waiting lookups (1 on the
     *     first read), so a handler can bound its reschedules
     */
    ResultDecision onResult(RowData key, Collection<RowData> rows, int reads);
}
