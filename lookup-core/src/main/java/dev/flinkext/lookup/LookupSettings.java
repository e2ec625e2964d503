package dev.flinkext.lookup;

import dev.flinkext.lookup.batch.BatchingAsyncLookupFunction;
import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.lookup.batch.ReadOutcomeHandler;
import dev.flinkext.lookup.batch.ReaderLookupFunction;
import dev.flinkext.lookup.cache.CaffeineLookupCache;
import dev.flinkext.lookup.config.BatchOptions;
import dev.flinkext.lookup.config.DelayedRetryOptions;
import dev.flinkext.lookup.config.FullCacheOptions;
import dev.flinkext.lookup.config.LookupCoreOptions;
import dev.flinkext.lookup.config.PartialCacheOptions;
import dev.flinkext.lookup.delayed.DelayedRetryOnMiss;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.lookup.full.FullCachingLookupFunction;
import dev.flinkext.lookup.full.KeyProjection;

import org.apache.flink.configuration.Configuration;
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
import java.util.List;
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

    private static final String HINT =
            "/*+ LOOKUP('table'='<the table's name or alias in the query>', 'shuffle'='true') */";

    private final LookupCacheType cacheType;
    private final boolean async;
    private final boolean shuffle;
    private final List<String> hotKeys;
    private final int hotKeySpread;
    @Nullable private final HotKeyDetection hotKeyDetection;
    private final int readThreads;
    private final BatchOptions batch;
    @Nullable private final PartialCacheOptions partialCache;
    @Nullable private final FullCacheOptions fullCache;
    @Nullable private final DelayedRetryOptions delayedRetry;
    // planning only (the partitioning comes from the rewritten plan); not part of equality
    private final boolean compilingForPlanRewrite;

    private LookupSettings(
            LookupCacheType cacheType,
            boolean async,
            boolean shuffle,
            List<String> hotKeys,
            int hotKeySpread,
            @Nullable HotKeyDetection hotKeyDetection,
            int readThreads,
            BatchOptions batch,
            @Nullable PartialCacheOptions partialCache,
            @Nullable FullCacheOptions fullCache,
            @Nullable DelayedRetryOptions delayedRetry,
            boolean compilingForPlanRewrite) {
        this.cacheType = cacheType;
        this.async = async;
        this.shuffle = shuffle;
        this.hotKeys = List.copyOf(hotKeys);
        this.hotKeySpread = hotKeySpread;
        this.hotKeyDetection = hotKeyDetection;
        this.readThreads = readThreads;
        this.batch = batch;
        this.partialCache = partialCache;
        this.fullCache = fullCache;
        this.delayedRetry = delayedRetry;
        this.compilingForPlanRewrite = compilingForPlanRewrite;
    }

    /**
     * Reads and validates the lookup options of {@code config}.
     *
     * @throws ValidationException naming the option at fault
     */
    public static LookupSettings fromConfig(ReadableConfig config) {
        return fromConfig(config, new Configuration());
    }

    /**
     * Reads and validates the lookup options of a table ({@code config}) planned in a session
     * ({@code session}, the factory context's {@code getConfiguration()}), which may say that the
     * plan is being compiled for lookup-keyby's rewrite into partitioned lookup joins ({@link
     * LookupCoreOptions#SHUFFLE_PLAN_REWRITE_COMPILING}).
     *
     * @throws ValidationException naming the option at fault
     */
    public static LookupSettings fromConfig(ReadableConfig config, ReadableConfig session) {
        LookupCacheType type = config.get(LookupOptions.CACHE_TYPE);
        return new LookupSettings(
                type,
                config.get(LookupCoreOptions.ASYNC),
                config.get(LookupCoreOptions.SHUFFLE),
                config.getOptional(LookupCoreOptions.SHUFFLE_HOT_KEYS).orElse(List.of()),
                hotKeySpread(config),
                hotKeyDetection(config, type),
                readThreads(config),
                BatchOptions.fromConfig(config),
                type == LookupCacheType.PARTIAL ? PartialCacheOptions.fromConfig(config) : null,
                type == LookupCacheType.FULL ? FullCacheOptions.fromConfig(config) : null,
                DelayedRetryOptions.forLookupSource(config, session),
                session.get(LookupCoreOptions.SHUFFLE_PLAN_REWRITE_COMPILING));
    }

    private static int hotKeySpread(ReadableConfig config) {
        int spread = config.get(LookupCoreOptions.SHUFFLE_HOT_KEY_SPREAD);
        if (spread < 0 || spread == 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (at least 2, or 0 for all"
                                    + " subtasks).",
                            LookupCoreOptions.SHUFFLE_HOT_KEY_SPREAD.key(), spread));
        }
        return spread == 0 ? Integer.MAX_VALUE : spread;
    }

    /**
     * {@code lookup.shuffle.hot-keys.detect}'s threshold and window; null when it is off.
     *
     * @throws ValidationException with {@code lookup.cache} = FULL, or for a threshold or window
     *     out of range, naming the options
     */
    @Nullable
    private static HotKeyDetection hotKeyDetection(ReadableConfig config, LookupCacheType type) {
        if (!config.get(LookupCoreOptions.SHUFFLE_HOT_KEYS_DETECT)) {
            return null;
        }
        if (type == LookupCacheType.FULL) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' = 'true' cannot be combined with '%s' = 'FULL': a"
                                    + " detected hot key goes to subtasks whose partitioned FULL"
                                    + " cache did not load it. Use '%s' = 'PARTIAL' or 'NONE', or"
                                    + " name the hot keys in '%s' (a FULL cache loads those on"
                                    + " every subtask of their spread).",
                            LookupCoreOptions.SHUFFLE_HOT_KEYS_DETECT.key(),
                            LookupOptions.CACHE_TYPE.key(),
                            LookupOptions.CACHE_TYPE.key(),
                            LookupCoreOptions.SHUFFLE_HOT_KEYS.key()));
        }
        double threshold = config.get(LookupCoreOptions.SHUFFLE_HOT_KEYS_DETECT_THRESHOLD);
        if (!(threshold >= HotKeyDetection.MIN_THRESHOLD && threshold <= 0.5)) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s (between %s and 0.5).",
                            LookupCoreOptions.SHUFFLE_HOT_KEYS_DETECT_THRESHOLD.key(),
                            threshold,
                            HotKeyDetection.MIN_THRESHOLD));
        }
        int window = config.get(LookupCoreOptions.SHUFFLE_HOT_KEYS_DETECT_WINDOW);
        if (window < Math.ceil(10 / threshold)) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (at least 10 / '%s' = %d rows).",
                            LookupCoreOptions.SHUFFLE_HOT_KEYS_DETECT_WINDOW.key(),
                            window,
                            LookupCoreOptions.SHUFFLE_HOT_KEYS_DETECT_THRESHOLD.key(),
                            (long) Math.ceil(10 / threshold)));
        }
        return new HotKeyDetection(threshold, window);
    }

    /** {@code lookup.shuffle.hot-keys.detect}'s threshold and window, validated. */
    record HotKeyDetection(double threshold, int window) implements Serializable {
        static final double MIN_THRESHOLD = 0.001;
    }

    /** Null unless {@code lookup.shuffle.hot-keys.detect} is on. */
    @Nullable
    HotKeyDetection hotKeyDetection() {
        return hotKeyDetection;
    }

    /** {@code lookup.shuffle.hot-keys} as given. */
    List<String> hotKeys() {
        return hotKeys;
    }

    /** {@code lookup.shuffle.hot-key-spread}; {@link Integer#MAX_VALUE} for all subtasks. */
    int hotKeySpread() {
        return hotKeySpread;
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
     * Starts the lookup runtime provider of one lookup: add the connector's reader and loader, then
     * {@link LookupProviderBuilder#build}.
     *
     * @param tableName names the table in logs and errors
     * @param context the planner's lookup context: its keys index {@code producedType}
     * @param producedType the row type the readers produce: the physical row after projection
     *     push-down (the produced row), not the declared one
     */
    public LookupProviderBuilder provider(
            String tableName, LookupTableSource.LookupContext context, RowType producedType) {
        return new LookupProviderBuilder(this, tableName, context, producedType);
    }

    /**
     * Builds the lookup runtime provider; every lookup completes with its first read. Short for
     * {@code provider(tableName, context, producedType).reader(reader).fullLoader(fullLoader)
     * .build()}.
     *
     * @param reader the connector's multi-key read, in the layout of the context's keys
     * @param fullLoader the connector's full-table reader; null if it has none (FULL is refused)
     */
    public LookupRuntimeProvider createProvider(
            String tableName,
            LookupTableSource.LookupContext context,
            RowType producedType,
            MultiKeyReader reader,
            @Nullable FullCacheLoader fullLoader) {
        return provider(tableName, context, producedType)
                .reader(reader)
                .fullLoader(fullLoader)
                .build();
    }

    /**
     * As {@link #createProvider(String, LookupTableSource.LookupContext, RowType, MultiKeyReader,
     * FullCacheLoader)}, with a hook on every read's outcome ({@link
     * LookupProviderBuilder#readOutcome}).
     */
    public LookupRuntimeProvider createProvider(
            String tableName,
            LookupTableSource.LookupContext context,
            RowType producedType,
            MultiKeyReader reader,
            @Nullable FullCacheLoader fullLoader,
            ReadOutcomeHandler readOutcome) {
        return provider(tableName, context, producedType)
                .reader(reader)
                .fullLoader(fullLoader)
                .readOutcome(readOutcome)
                .build();
    }

    /**
     * The provider of {@code builder}'s parts, by {@code lookup.cache} and {@code lookup.async}.
     */
    LookupRuntimeProvider build(LookupProviderBuilder builder) {
        String tableName = builder.tableName();
        // compiled for lookup-keyby's rewrite: planned again, partitioned, from the rewritten plan
        boolean partitioned = builder.context().preferCustomShuffle() || compilingForPlanRewrite;
        if (shuffle && !partitioned) {
            throw new ValidationException(
                    String.format(
                            "Table %s has '%s' = 'true', but this lookup join's input is not"
                                    + " partitioned by the lookup key. Either add the hint %s"
                                    + " after the query's SELECT, or run the statement through"
                                    + " lookup-keyby, which partitions every lookup join of such"
                                    + " a table with no hint: from Java"
                                    + " dev.flinkext.lookup.keyby.PartitionedLookupPlans"
                                    + ".executeSql(tableEnv, sql); for the SQL client, compile"
                                    + " the script with dev.flinkext.lookup.keyby"
                                    + ".PartitionedLookupPlanTool and run EXECUTE PLAN on the"
                                    + " file. Or set '%s' = 'false' to run it unpartitioned.",
                            tableName,
                            LookupCoreOptions.SHUFFLE.key(),
                            HINT,
                            LookupCoreOptions.SHUFFLE.key()));
        }
        if (hotKeyDetection != null && !partitioned) {
            throw new ValidationException(
                    String.format(
                            "Table %s has '%s' = 'true', which applies to partitioned lookup joins"
                                    + " only: add the hint %s to the query, or set '%s' = 'true'"
                                    + " and run it through lookup-keyby's PartitionedLookupPlans.",
                            tableName,
                            LookupCoreOptions.SHUFFLE_HOT_KEYS_DETECT.key(),
                            HINT,
                            LookupCoreOptions.SHUFFLE.key()));
        }
        if (!hotKeys.isEmpty() && !partitioned) {
            throw new ValidationException(
                    String.format(
                            "Table %s has '%s', which applies to partitioned lookup joins only:"
                                    + " add the hint %s to the query, or set '%s' = 'true' and"
                                    + " run it through lookup-keyby's PartitionedLookupPlans.",
                            tableName,
                            LookupCoreOptions.SHUFFLE_HOT_KEYS.key(),
                            HINT,
                            LookupCoreOptions.SHUFFLE.key()));
        }
        builder.publishPartitioning();
        // lookup.delayed-retry.*: re-read misses later (the options admit async, non-FULL only)
        ReadOutcomeHandler readOutcome =
                delayedRetry != null ? new DelayedRetryOnMiss(delayedRetry) : builder.readOutcome();
        switch (cacheType) {
            case NONE:
                return async
                        ? AsyncLookupFunctionProvider.of(
                                new BatchingAsyncLookupFunction(
                                        builder.requireReader(), batch, readOutcome))
                        : LookupFunctionProvider.of(
                                new ReaderLookupFunction(
                                        builder.requireReader(), batch.retryPolicy()));
            case PARTIAL:
                MultiKeyReader reader = builder.requireReader();
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
                FullCacheLoader loader = builder.fullLoader();
                if (loader == null) {
                    throw new ValidationException(
                            String.format(
                                    "Table %s does not support '%s' = 'FULL' for this lookup.",
                                    tableName, LookupOptions.CACHE_TYPE.key()));
                }
                FullCachingLookupFunction.Builder full =
                        FullCachingLookupFunction.builder(
                                        tableName,
                                        loader,
                                        builder.producedType(),
                                        builder.context().getKeys())
                                .options(Objects.requireNonNull(fullCache));
                if (partitioned) {
                    // the planner routes each key to the subtask the partitioning names
                    full.partitioned(builder.keyPartitioning());
                }
                int[] dedupKey = builder.fullLoadKey();
                if (dedupKey != null) {
                    full.deduplicateBy(KeyProjection.ofIndices(builder.producedType(), dedupKey));
                }
                return LookupFunctionProvider.of(full.build());
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
                && shuffle == that.shuffle
                && hotKeys.equals(that.hotKeys)
                && hotKeySpread == that.hotKeySpread
                && Objects.equals(hotKeyDetection, that.hotKeyDetection)
                && readThreads == that.readThreads
                && batch.equals(that.batch)
                && Objects.equals(partialCache, that.partialCache)
                && Objects.equals(fullCache, that.fullCache)
                && Objects.equals(delayedRetry, that.delayedRetry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                cacheType,
                async,
                shuffle,
                readThreads,
                batch,
                partialCache,
                fullCache,
                delayedRetry);
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
                + (delayedRetry != null ? ", " + delayedRetry : "")
                + '}';
    }
}
