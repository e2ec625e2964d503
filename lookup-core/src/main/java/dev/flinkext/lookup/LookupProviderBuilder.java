package dev.flinkext.lookup;

import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.lookup.batch.ReadOutcomeHandler;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.lookup.keys.ProjectedLookupKeys;
import dev.flinkext.lookup.partition.FieldHashKeyPartitioning;
import dev.flinkext.lookup.partition.HotKeyDetector;
import dev.flinkext.lookup.partition.HotKeySpreading;
import dev.flinkext.lookup.partition.HotKeyValues;
import dev.flinkext.lookup.partition.KeyPartitioning;
import dev.flinkext.lookup.partition.LookupShuffle;

import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.LookupTableSource.LookupRuntimeProvider;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The parts of one lookup's runtime provider, from {@link LookupSettings#provider}: the connector's
 * reader (NONE and PARTIAL caches), its full-table loader (FULL), and optional hooks. {@link
 * #build} picks the functions by {@code lookup.cache} and {@code lookup.async}.
 */
public final class LookupProviderBuilder {

    private final LookupSettings settings;
    private final String tableName;
    private final LookupTableSource.LookupContext context;
    private final RowType producedType;

    private @Nullable MultiKeyReader reader;
    private @Nullable FullCacheLoader fullLoader;
    private ReadOutcomeHandler readOutcome = ReadOutcomeHandler.COMPLETE;
    private @Nullable int[] fullLoadKey;
    private @Nullable KeyPartitioning partitioning;
    private @Nullable LookupShuffle shuffle;

    LookupProviderBuilder(
            LookupSettings settings,
            String tableName,
            LookupTableSource.LookupContext context,
            RowType producedType) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.context = Objects.requireNonNull(context, "context");
        this.producedType = Objects.requireNonNull(producedType, "producedType");
    }

    /** The connector's multi-key read, in the layout of the context's keys. */
    public LookupProviderBuilder reader(MultiKeyReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
        return this;
    }

    /** The connector's full-table reader; without one, {@code lookup.cache = FULL} is refused. */
    public LookupProviderBuilder fullLoader(@Nullable FullCacheLoader fullLoader) {
        this.fullLoader = fullLoader;
        return this;
    }

    /**
     * A hook on every async read's outcome: it may send a key back for another read later (e.g. a
     * miss the dimension row may soon fill) instead of completing its lookups. Sync lookups and the
     * FULL cache complete with their first read. While a key waits its lookups stay incomplete, so
     * a PARTIAL cache stores nothing for it until the handler completes it.
     */
    public LookupProviderBuilder readOutcome(ReadOutcomeHandler readOutcome) {
        this.readOutcome = Objects.requireNonNull(readOutcome, "readOutcome");
        return this;
    }

    /**
     * FULL loads keep, of the rows read with equal values in these produced columns (the primary
     * key's, mapped with {@link ProjectedLookupKeys#toProduced}), the last one: a store scan that
     * may return a row twice (Redis {@code SCAN}, a ClickHouse ReplacingMergeTree without {@code
     * FINAL}) then joins once per key. Without it every row read is kept.
     *
     * @param producedKeyPositions positions in the produced row, at least one
     */
    public LookupProviderBuilder deduplicateFullLoadsBy(int... producedKeyPositions) {
        if (producedKeyPositions.length == 0) {
            throw new IllegalArgumentException("A deduplication key needs at least one column");
        }
        for (int position : producedKeyPositions) {
            if (position < 0 || position >= producedType.getFieldCount()) {
                throw new IllegalArgumentException(
                        "Deduplication key "
                                + Arrays.toString(producedKeyPositions)
                                + " is outside the produced row "
                                + producedType);
            }
        }
        this.fullLoadKey = producedKeyPositions.clone();
        return this;
    }

    /**
     * Who owns which key when the planner partitions this lookup join's input (the LOOKUP hint's
     * {@code 'shuffle'='true'}): a partitioning aligned to the store's partitions. Default: {@link
     * FieldHashKeyPartitioning} over the key's values.
     */
    public LookupProviderBuilder partitioning(KeyPartitioning partitioning) {
        this.partitioning = Objects.requireNonNull(partitioning, "partitioning");
        return this;
    }

    /**
     * Where the source's {@code SupportsLookupCustomShuffle.getPartitioner()} finds this lookup's
     * partitioning: {@link #build} publishes it there (the planner asks right after).
     */
    public LookupProviderBuilder shuffle(LookupShuffle shuffle) {
        this.shuffle = Objects.requireNonNull(shuffle, "shuffle");
        return this;
    }

    /**
     * The provider.
     *
     * @throws org.apache.flink.table.api.ValidationException for FULL without a loader
     * @throws IllegalStateException for NONE or PARTIAL without a reader
     */
    public LookupRuntimeProvider build() {
        return settings.build(this);
    }

    String tableName() {
        return tableName;
    }

    LookupTableSource.LookupContext context() {
        return context;
    }

    RowType producedType() {
        return producedType;
    }

    MultiKeyReader requireReader() {
        if (reader == null) {
            throw new IllegalStateException(
                    "The lookup of " + tableName + " needs a MultiKeyReader for this cache type");
        }
        return reader;
    }

    @Nullable
    FullCacheLoader fullLoader() {
        return fullLoader;
    }

    ReadOutcomeHandler readOutcome() {
        return readOutcome;
    }

    @Nullable
    int[] fullLoadKey() {
        return fullLoadKey;
    }

    /**
     * The partitioning given, or the hash of the key's values; spreading the hot keys of {@code
     * lookup.shuffle.hot-keys} when there are any, and those it detects with {@code
     * lookup.shuffle.hot-keys.detect}.
     */
    KeyPartitioning keyPartitioning() {
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int[] key : context.getKeys()) {
            LogicalType type = producedType;
            for (int index : key) {
                type = ((RowType) type).getTypeAt(index);
            }
            keyTypes.add(type);
        }
        KeyPartitioning base =
                partitioning != null ? partitioning : FieldHashKeyPartitioning.of(keyTypes);
        LookupSettings.HotKeyDetection detection = settings.hotKeyDetection();
        if (settings.hotKeys().isEmpty() && detection == null) {
            return base;
        }
        return new HotKeySpreading(
                base,
                keyTypes,
                settings.hotKeys().isEmpty()
                        ? Set.of()
                        : HotKeyValues.parse(tableName, keyTypes, settings.hotKeys()),
                settings.hotKeySpread(),
                detection == null
                        ? null
                        : new HotKeyDetector(keyTypes, detection.threshold(), detection.window()));
    }

    void publishPartitioning() {
        if (shuffle != null) {
            shuffle.set(keyPartitioning());
        }
    }
}
