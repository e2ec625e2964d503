package dev.flinkext.lookup.batch;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A store's multi-key read: what a connector implements so that lookup-core can batch, cache and
 * refresh its lookups (Redis MGET / pipelined HGETALL, a Kudu IN-list scan, ClickHouse {@code WHERE
 * k IN (...)}).
 *
 * <p>Instances are serialized into the job; {@link #open} creates connections on the task manager.
 * One instance may be opened by a lookup function and another by a cache that refreshes ahead, so
 * an instance must not rely on being the only one.
 *
 * <p>{@code dev.flinkext.lookup.contract.MultiKeyReaderContract} (in lookup-core's test-jar) checks
 * a connector's reader against its real store: misses, duplicate and NULL key parts, empty batches,
 * failures, projection.
 */
public interface MultiKeyReader extends Serializable, AutoCloseable {

    /**
     * Connects to the store. Called once per instance, before any read.
     *
     * <p>A partial cache that refreshes ahead opens its own instance from {@code
     * LookupCache#open(CacheMetricGroup)}, where Flink gives no runtime context: there {@code
     * context} offers {@code getUserCodeClassLoader()} and a no-op {@code getMetricGroup()} only,
     * and task-specific calls ({@code getTaskInfo}, {@code getJobParameter}, ...) throw. Open must
     * not need more than that.
     */
    void open(FunctionContext context) throws Exception;

    /**
     * Reads the rows of every key in one store round trip (or one per {@link #partitionOf
     * partition}: the caller never mixes partitions in one call).
     *
     * @param keys lookup keys, in the layout of the lookup's key columns; lookup-core sends
     *     distinct keys, but a key given twice is answered once (its rows not doubled). A key with
     *     a NULL part is a miss (never an error, never a match), and an empty list completes with
     *     an empty map without asking the store.
     * @return for each key the store has, its rows (of the produced, possibly projected, type),
     *     read now (a reader caches nothing); keys the store lacks may be absent or map to an empty
     *     collection. A failed read completes exceptionally (never throws); the message should name
     *     the store address and, where it helps, the key.
     */
    CompletableFuture<Map<RowData, Collection<RowData>>> readAll(List<RowData> keys);

    /**
     * The store partition (e.g. a Redis Cluster node) a key lives on; a batch is split so that each
     * {@link #readAll} call targets one partition. The default, one partition, suits stores that
     * route multi-key reads themselves.
     */
    default Object partitionOf(RowData key) {
        return SinglePartition.INSTANCE;
    }

    /** Marker of the default single partition. */
    enum SinglePartition {
        INSTANCE
    }
}
