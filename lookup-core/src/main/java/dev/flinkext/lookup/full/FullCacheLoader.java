package dev.flinkext.lookup.full;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

import java.io.Serializable;
import java.util.List;

/**
 * Reads a whole dimension table from a connector's own bounded reader, for the FULL cache.
 *
 * <p>The table is read as independent splits, in parallel. A loader may be asked for the share of
 * one subtask of n ({@link LoadScope}: partitioned lookup joins, where each subtask caches only the
 * keys routed to it). It may then skip splits that hold none of the share's keys ({@link
 * LoadScope#storePartitions()}); rows of other subtasks' keys that it does hand over are dropped by
 * the cache, so a loader that cannot skip anything simply reads the whole table.
 */
public interface FullCacheLoader extends Serializable, AutoCloseable {

    /** Connects to the store; called once before the first load. */
    void open(FunctionContext context) throws Exception;

    /** The splits of one full load (e.g. one per Redis master node, one per Kudu tablet). */
    List<LoadSplit> splits(LoadScope scope) throws Exception;

    /**
     * Reads one split, handing each row to {@code out}. Called from loader threads, several splits
     * at once. Must be bounded; throws on any read failure (the cache then keeps serving its
     * previous copy), with a message naming the store address.
     *
     * <p>Every row of the split is handed over at least once. A store may hand a row over twice (a
     * Redis {@code SCAN} during a rehash): the FULL cache keeps every row read unless it is built
     * with {@code FullCachingLookupFunction.Builder.deduplicateBy}, which keeps the last row read
     * of each primary key. That works within a split only, so two splits must never hold rows of
     * the same primary key. {@code dev.flinkext.lookup.contract.FullCacheLoaderContract} (in
     * lookup-core's test-jar) checks a loader against these rules.
     */
    void read(LoadSplit split, LoadScope scope, RowConsumer out) throws Exception;

    /**
     * A unit of a full load; connectors subclass it with what they need (node, cursor, ...). Its
     * {@code toString} names it in errors (e.g. the node's host:port), so it must hold no secret.
     */
    interface LoadSplit extends Serializable {}

    /**
     * Receives loaded rows; thread-safe. The cache keeps each row as it is: hand over a new
     * instance every time (no object reuse), holding internal data structures of the table's
     * physical row type.
     */
    @FunctionalInterface
    interface RowConsumer {
        void accept(RowData row);
    }
}
