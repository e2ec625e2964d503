package dev.flinkext.lookup;

import dev.flinkext.lookup.batch.BatchingAsyncLookupFunction;
import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.lookup.batch.ReaderLookupFunction;
import dev.flinkext.lookup.cache.CaffeineLookupCache;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.lookup.full.FullCachingLookupFunction;
import dev.flinkext.lookup.full.LoadScope;
import dev.flinkext.lookup.partition.LookupShuffle;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.LookupTableSource.LookupRuntimeProvider;
import org.apache.flink.table.connector.source.lookup.AsyncLookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.runtime.connector.source.LookupRuntimeProviderContext;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LookupSettingsTest {

    private static final RowType ROW = RowType.of(new BigIntType(), new VarCharType());
    private static final int[][] KEYS = {{0}};

    private static final LookupTableSource.LookupContext CONTEXT =
            new LookupRuntimeProviderContext(KEYS, false);

    @Test
    void noCacheSyncReadsThroughTheReader() {
        LookupRuntimeProvider provider = provider(Map.of());

        assertThat(provider).isInstanceOf(LookupFunctionProvider.class);
        assertThat(((LookupFunctionProvider) provider).createLookupFunction())
                .isInstanceOf(ReaderLookupFunction.class);
    }

    @Test
    void noCacheAsyncBatches() {
        LookupRuntimeProvider provider = provider(Map.of("lookup.async", "true"));

        assertThat(provider).isInstanceOf(AsyncLookupFunctionProvider.class);
        assertThat(((AsyncLookupFunctionProvider) provider).createAsyncLookupFunction())
                .isInstanceOf(BatchingAsyncLookupFunction.class);
    }

    @Test
    void partialCacheWrapsTheSyncFunctionWithCaffeine() {
        LookupRuntimeProvider provider =
                provider(
                        Map.of(
                                "lookup.cache", "PARTIAL",
                                "lookup.partial-cache.max-rows", "100"));

        assertThat(provider).isInstanceOf(PartialCachingLookupProvider.class);
        PartialCachingLookupProvider partial = (PartialCachingLookupProvider) provider;
        assertThat(partial.getCache()).isInstanceOf(CaffeineLookupCache.class);
        assertThat(partial.createLookupFunction()).isInstanceOf(ReaderLookupFunction.class);
    }

    @Test
    void partialCacheAsyncPutsTheCacheInFrontOfTheBatcher() {
        LookupRuntimeProvider provider =
                provider(
                        Map.of(
                                "lookup.cache", "PARTIAL",
                                "lookup.async", "true",
                                "lookup.partial-cache.expire-after-write", "1 min"));

        assertThat(provider).isInstanceOf(PartialCachingAsyncLookupProvider.class);
        PartialCachingAsyncLookupProvider partial = (PartialCachingAsyncLookupProvider) provider;
        assertThat(partial.getCache()).isInstanceOf(CaffeineLookupCache.class);
        assertThat(partial.createAsyncLookupFunction())
                .isInstanceOf(BatchingAsyncLookupFunction.class);
    }

    @Test
    void providersSurviveSerializationAsFlinkShipsThem() throws Exception {
        LookupRuntimeProvider provider =
                provider(
                        Map.of(
                                "lookup.cache", "PARTIAL",
                                "lookup.async", "true",
                                "lookup.partial-cache.max-rows", "10",
                                "lookup.partial-cache.expire-after-write", "1 min",
                                "lookup.partial-cache.refresh-after-write", "10 s"));
        PartialCachingAsyncLookupProvider partial = (PartialCachingAsyncLookupProvider) provider;

        assertThat(InstantiationUtil.clone(partial.getCache())).isNotNull();
        assertThat(InstantiationUtil.clone(partial.createAsyncLookupFunction())).isNotNull();
    }

    @Test
    void fullCacheUsesTheConnectorsLoader() {
        LookupRuntimeProvider provider =
                LookupSettings.fromConfig(
                                config(
                                        Map.of(
                                                "lookup.cache", "FULL",
                                                "lookup.full-cache.reload-strategy", "PERIODIC",
                                                "lookup.full-cache.periodic-reload.interval",
                                                        "1 h")))
                        .createProvider("t", CONTEXT, ROW, new NoStore(), new NoTable());

        assertThat(provider).isInstanceOf(LookupFunctionProvider.class);
        assertThat(((LookupFunctionProvider) provider).createLookupFunction())
                .isInstanceOf(FullCachingLookupFunction.class);
    }

    @Test
    void fullCacheWithoutLoaderIsRefusedNamingTheTable() {
        LookupSettings settings =
                LookupSettings.fromConfig(
                        config(
                                Map.of(
                                        "lookup.cache", "FULL",
                                        "lookup.full-cache.periodic-reload.interval", "1 h")));

        assertThatThrownBy(
                        () ->
                                settings.createProvider(
                                        "db.users", CONTEXT, ROW, new NoStore(), null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("db.users")
                .hasMessageContaining("'lookup.cache' = 'FULL'");
    }

    @Test
    void readThreadsDefaultToFourAndBelowOneAreRefusedNamingTheOption() {
        assertThat(LookupSettings.fromConfig(config(Map.of())).readThreads()).isEqualTo(4);
        assertThat(
                        LookupSettings.fromConfig(config(Map.of("lookup.read-threads", "16")))
                                .readThreads())
                .isEqualTo(16);
        assertThatThrownBy(
                        () -> LookupSettings.fromConfig(config(Map.of("lookup.read-threads", "0"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.read-threads'")
                .hasMessageContaining(": 0");
    }

    @Test
    void badOptionsFailAtPlanningTimeNamingTheOption() {
        assertThatThrownBy(
                        () ->
                                LookupSettings.fromConfig(
                                        config(Map.of("lookup.batch.max-size", "0"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("lookup.batch.max-size");
        assertThatThrownBy(
                        () ->
                                LookupSettings.fromConfig(
                                        config(
                                                Map.of(
                                                        "lookup.cache", "PARTIAL",
                                                        "lookup.partial-cache.max-rows", "10",
                                                        "lookup.partial-cache.max-bytes", "1mb"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("lookup.partial-cache.max-rows")
                .hasMessageContaining("lookup.partial-cache.max-bytes");
    }

    @Test
    void detectedHotKeysAreRefusedWithAFullCacheNamingBothOptions() {
        assertThatThrownBy(
                        () ->
                                LookupSettings.fromConfig(
                                        config(
                                                Map.of(
                                                        "lookup.cache", "FULL",
                                                        "lookup.full-cache.periodic-reload.interval",
                                                                "1 h",
                                                        "lookup.shuffle", "true",
                                                        "lookup.shuffle.hot-keys.detect", "true"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.shuffle.hot-keys.detect' = 'true'")
                .hasMessageContaining("'lookup.cache' = 'FULL'");
    }

    @Test
    void detectedHotKeysNeedThePartitionedLookupAndValidThresholdAndWindow() {
        LookupSettings settings =
                LookupSettings.fromConfig(
                        config(
                                Map.of(
                                        "lookup.cache", "PARTIAL",
                                        "lookup.partial-cache.max-rows", "10",
                                        "lookup.shuffle.hot-keys.detect", "true")));
        assertThatThrownBy(
                        () ->
                                settings.createProvider(
                                        "db.users", CONTEXT, ROW, new NoStore(), null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("db.users")
                .hasMessageContaining("'lookup.shuffle.hot-keys.detect'")
                .hasMessageContaining("'shuffle'='true'");

        LookupShuffle shuffle = new LookupShuffle();
        settings.provider("db.users", new LookupRuntimeProviderContext(KEYS, true), ROW)
                .reader(new NoStore())
                .shuffle(shuffle)
                .build();
        assertThat(shuffle.partitioner())
                .get()
                .satisfies(
                        p -> {
                            assertThat(p.isDeterministic()).isFalse();
                            assertThat(p.toString())
                                    .contains("HotKeyDetector{threshold=0.01, window=10000 rows}");
                        });

        assertThatThrownBy(
                        () ->
                                LookupSettings.fromConfig(
                                        config(
                                                Map.of(
                                                        "lookup.shuffle.hot-keys.detect", "true",
                                                        "lookup.shuffle.hot-keys.detect-threshold",
                                                                "0.9"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.shuffle.hot-keys.detect-threshold': 0.9");
        assertThatThrownBy(
                        () ->
                                LookupSettings.fromConfig(
                                        config(
                                                Map.of(
                                                        "lookup.shuffle.hot-keys.detect", "true",
                                                        "lookup.shuffle.hot-keys.detect-window",
                                                                "500"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.shuffle.hot-keys.detect-window': 500")
                .hasMessageContaining("1000 rows");
        // off by default, and then its threshold is not looked at
        assertThat(
                        LookupSettings.fromConfig(
                                        config(
                                                Map.of(
                                                        "lookup.shuffle.hot-keys.detect-threshold",
                                                        "0.9")))
                                .hotKeyDetection())
                .isNull();
    }

    private static LookupRuntimeProvider provider(Map<String, String> options) {
        return LookupSettings.fromConfig(config(options))
                .createProvider("t", CONTEXT, ROW, new NoStore(), null);
    }

    private static Configuration config(Map<String, String> options) {
        return Configuration.fromMap(options);
    }

    /** Never opened in these tests: only the provider's shape is checked. */
    private static final class NoStore implements MultiKeyReader {
        @Override
        public void open(FunctionContext context) {}

        @Override
        public CompletableFuture<Map<RowData, Collection<RowData>>> readAll(List<RowData> keys) {
            return CompletableFuture.completedFuture(Map.of());
        }

        @Override
        public void close() {}
    }

    private static final class NoTable implements FullCacheLoader {
        @Override
        public void open(FunctionContext context) {}

        @Override
        public List<LoadSplit> splits(LoadScope scope) {
            return List.of();
        }

        @Override
        public void read(LoadSplit split, LoadScope scope, RowConsumer out) {}

        @Override
        public void close() {}
    }
}
