package dev.flinkext.lookup;

import dev.flinkext.lookup.batch.BatchingAsyncLookupFunction;
import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.lookup.batch.ReadOutcomeHandler;
import dev.flinkext.lookup.batch.ReaderLookupFunction;
import dev.flinkext.lookup.cache.CaffeineLookupCache;
import dev.flinkext.lookup.config.BatchOptions;
import dev.flinkext.lookup.config.FullCacheOptions;
import dev.flinkext.lookup.config.PartialCacheOptions;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.lookup.full.FullCachingLookupFunction;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.LookupTableSource.LookupRuntimeProvider;
import org.apache.flink.table.connector.source.lookup.AsyncLookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.LookupOptions.LookupCacheType;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;

/**
 * A table's lookup options, validated once at planning time, and the one place where {@code
 * lookup.cache} and {@code lookup.async} become Flink's lookup runtime provider, for every
 * connector of this project:
 *
 * <ul>
 *   <li>NONE: {@link ReaderLookupFunction} (sync) or {@link BatchingAsyncLookupFunction} (async);
 *   <li>PARTIAL: the same functions behind Flink's {@code PartialCaching(Async)LookupProvider} with
 *       a {@code CaffeineLookupCache}, so cache hits never reach the store or the batcher;
 *   <li>FULL: {@link FullCachingLookupFunction} over the connector's {@link FullCacheLoader}.
 * </ul>
 */
public final class LookupSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LookupCacheType cacheType;
    private final boolean async;
    private final int readThreads;
    private final BatchOptions batch;
    @Nullable private final PartialCacheOptions partialCache;
    @Nullable private final FullCacheOptions fullCache;

    private LookupSettings(
            LookupCacheType cacheType,
            boolean async,
            int readThreads,
            BatchOptions batch,
            @Nullable PartialCacheOptions partialCache,
            @Nullable FullCacheOptions fullCache) {
        this.cacheType = cacheType;
        this.async = async;
        this.readThreads = readThreads;
        this.batch = batch;
        this.partialCache = partialCache;
        this.fullCache = fullCache;
    }

    /**
     * Reads and validates the lookup options of {@code config}.
     *
     * @throws ValidationException naming the option at fault
     */
    public static LookupSettings fromConfig(ReadableConfig config) {
        LookupCacheType type = config.get(LookupOptions.CACHE_TYPE);
        return new LookupSettings(
                type,
                config.get(LookupCoreOptions.ASYNC),
                readThreads(config),
                BatchOptions.fromConfig(config),
                type == LookupCacheType.PARTIAL ? PartialCacheOptions.fromConfig(config) : null,
                type == LookupCacheType.FULL ? FullCacheOptions.fromConfig(config) : null);
    }

    private static int readThreads(ReadableConfig config) {
        int threads = config.get(LookupCoreOptions.READ_THREADS);
        if (threads < 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be at least 1).",
                            LookupCoreOptions.READ_THREADS.key(), threads));
        }
        return threads;
    }

    /**
     * Builds the lookup runtime provider; every lookup completes with its first read.
     *
     * @param tableName names the table in logs and errors
     * @param context the planner's lookup context: its keys index {@code producedType}
     * @param producedType the row type the readers produce: the physical row after projection
     *     push-down (the produced row), not the declared one
     * @param reader the connector's multi-key read, in the layout of the context's keys
     * @param fullLoader the connector's full-table reader; null if it has none (FULL is refused)
     */
    public LookupRuntimeProvider createProvider(
            String tableName,
            LookupTableSource.LookupContext context,
            RowType producedType,
            MultiKeyReader reader,
            @Nullable FullCacheLoader fullLoader) {
        return createProvider(
                tableName, context, producedType, reader, fullLoader, ReadOutcomeHandler.COMPLETE);
    }

    /**
     * Builds the lookup runtime provider with a hook on every read's outcome: {@code readOutcome}
     * may send a key back for another read later (e.g. a miss the dimension row may soon fill)
     * instead of completing its lookups. It applies to async lookups ({@code lookup.async}), the
     * ones that can wait without holding a thread; sync lookups and the FULL cache complete with
     * their first read. While a key waits for another read its lookups stay incomplete, so a
     * PARTIAL cache stores nothing for it until the handler completes it.
     */
    public LookupRuntimeProvider createProvider(
            String tableName,
            LookupTableSource.LookupContext context,
            RowType producedType,
            MultiKeyReader reader,
            @Nullable FullCacheLoader fullLoader,
            ReadOutcomeHandler readOutcome) {
        Objects.requireNonNull(readOutcome, "readOutcome");
        int[][] lookupKeys = context.getKeys();
        switch (cacheType) {
            case NONE:
                return async
                        ? AsyncLookupFunctionProvider.of(
                                new BatchingAsyncLookupFunction(reader, batch, readOutcome))
                        : LookupFunctionProvider.of(
                                new ReaderLookupFunction(reader, batch.retryPolicy()));
            case PARTIAL:
                // The cache refreshes ahead with its own reader instance: in the shipped object
                // graph a shared instance would be opened and closed by both cache and function.
                var cache =
                        CaffeineLookupCache.of(
                                Objects.requireNonNull(partialCache), copyOf(reader));
                return async
                        ? PartialCachingAsyncLookupProvider.of(
                                new BatchingAsyncLookupFunction(reader, batch, readOutcome), cache)
                        : PartialCachingLookupProvider.of(
                                new ReaderLookupFunction(reader, batch.retryPolicy()), cache);
            case FULL:
                if (fullLoader == null) {
                    throw new ValidationException(
                            String.format(
                                    "Table %s does not support '%s' = 'FULL' for this lookup.",
                                    tableName, LookupOptions.CACHE_TYPE.key()));
                }
                return LookupFunctionProvider.of(
                        FullCachingLookupFunction.builder(
                                        tableName, fullLoader, producedType, lookupKeys)
                                .options(Objects.requireNonNull(fullCache))
                                .build());
            default:
                throw new IllegalStateException("Unknown lookup cache type " + cacheType);
        }
    }

    public LookupCacheType cacheType() {
        return cacheType;
    }

    public boolean async() {
        return async;
    }

    /** {@code lookup.read-threads}: threads per lookup function for a blocking store client. */
    public int readThreads() {
        return readThreads;
    }

    public BatchOptions batch() {
        return batch;
    }

    @Nullable
    public PartialCacheOptions partialCache() {
        return partialCache;
    }

    @Nullable
    public FullCacheOptions fullCache() {
        return fullCache;
    }

    private static MultiKeyReader copyOf(MultiKeyReader reader) {
        try {
            return InstantiationUtil.clone(reader, reader.getClass().getClassLoader());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(
                    "The lookup reader " + reader.getClass().getName() + " is not serializable", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LookupSettings)) {
            return false;
        }
        LookupSettings that = (LookupSettings) o;
        return cacheType == that.cacheType
                && async == that.async
                && readThreads == that.readThreads
                && batch.equals(that.batch)
                && Objects.equals(partialCache, that.partialCache)
                && Objects.equals(fullCache, that.fullCache);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cacheType, async, readThreads, batch, partialCache, fullCache);
    }

    @Override
    public String toString() {
        return "LookupSettings{cache="
                + cacheType
                + ", async="
                + async
                + ", readThreads="
                + readThreads
                + ", batch="
                + batch
                + (partialCache != null ? ", partialCache=" + partialCache : "")
                + (fullCache != null ? ", fullCache=" + fullCache : "")
                + '}';
    }
}
