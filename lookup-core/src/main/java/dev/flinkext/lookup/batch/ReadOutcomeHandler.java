package dev.flinkext.lookup.batch;

import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;

import java.io.Serializable;
import java.util.Collection;

/**
 * Decides, per key and read, whether the lookups waiting for a key complete with what was read or
 * the key is read again later. The default, {@link #COMPLETE}, always completes; a delayed-retry
 * lookup may instead reschedule misses a few times before giving up.
 *
 * <p>Reached through {@code LookupSettings.createProvider(..., readOutcome)}, so a feature such as
 * delayed joins plugs into every connector's lookup without forking the batcher. While a key is
 * rescheduled its lookups stay incomplete, so a cache in front of the function (Flink's PARTIAL
 * caching provider) stores nothing for it: a key whose reads are still due is never cached as
 * missing. (Named so as not to clash with flink-connector-base's sink {@code ResultHandler}.)
 *
 * <p>Called on the thread that completed the read; must be quick and must not block.
 */
@FunctionalInterface
public interface ReadOutcomeHandler extends Serializable {

    /** Completes every lookup with the rows of its first read. */
    ReadOutcomeHandler COMPLETE = (key, rows, reads) -> ReadDecision.complete();

    /**
     * @param key the lookup key
     * @param rows the rows read for it; empty when the store has none
     * @param reads how many times this key has now been read for the waiting lookups (1 on the
     *     first read), so a handler can bound its reschedules
     */
    ReadDecision onResult(RowData key, Collection<RowData> rows, int reads);

    /** Called once when the lookup function opens, with its {@code lookup} metric group. */
    default void open(MetricGroup lookupGroup) {}
}
