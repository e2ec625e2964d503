package dev.flinkext.lookup.cache;

import dev.flinkext.lookup.config.PartialCacheOptions;
import dev.flinkext.lookup.metrics.LookupMetricNames;
import dev.flinkext.lookup.testing.InMemoryMultiKeyReader;
import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.runtime.functions.table.lookup.CachingAsyncLookupFunction;
import org.apache.flink.table.runtime.functions.table.lookup.CachingLookupFunction;
import org.apache.flink.table.runtime.functions.table.lookup.LookupCacheManager;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache driven by Flink's own {@link CachingLookupFunction} / {@link
 * CachingAsyncLookupFunction}, as {@code PartialCaching(Async)LookupProvider} wires it: two
 * deserialized copies of the function play two subtasks of one task manager and share the cache
 * through Flink's {@link LookupCacheManager}.
 */
class CaffeineLookupCacheInFlinkCachingFunctionsTest {

    private final FakeTicker ticker = new FakeTicker();

    @AfterEach
    void noLeakedCaches() {
        LookupCacheManager.getInstance().checkAllReleased();
    }

    private static RowData key(long id) {
        return GenericRowData.of(id);
    }

    private static RowData row(long id, String name) {
        return GenericRowData.of(id, StringData.fromString(name));
    }

    @Test
    void twoSubtasksShareOneCacheThroughFlinksCachingLookupFunction() throws Exception {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        reader.put(key(1), row(1, "old"));
        PartialCacheOptions options =
                PartialCacheOptions.builder()
                        .maxRows(100)
                        .expireAfterWrite(Duration.ofMinutes(10))
                        .missingKeyTtl(Duration.ofSeconds(30))
                        .refreshAfterWrite(Duration.ofMinutes(1))
                        .build();
        CachingLookupFunction planned =
                new CachingLookupFunction(
                        CaffeineLookupCache.of(options, reader), new StoreLookup(reader));
        CachingLookupFunction subtask1 = InstantiationUtil.clone(planned);
        CachingLookupFunction subtask2 = InstantiationUtil.clone(planned);
        // subtask 1 opens first, so its copy of the cache becomes the shared one
        CaffeineLookupCache shared = (CaffeineLookupCache) subtask1.getCache();
        shared.withTicker(ticker);
        shared.withExecutor(Runnable::run);

        RecordingMetricGroup metrics1 = new RecordingMetricGroup();
        RecordingMetricGroup metrics2 = new RecordingMetricGroup();
        subtask1.open(context(metrics1));
        subtask2.open(context(metrics2));
        try {
            assertThat(subtask2.getCache()).isSameAs(shared);

            assertThat(subtask1.lookup(key(1))).containsExactly(row(1, "old")); // miss, load
            assertThat(subtask2.lookup(key(1))).containsExactly(row(1, "old")); // hit
            assertThat(subtask1.lookup(key(9))).isEmpty(); // miss, cached as missing
            assertThat(subtask2.lookup(key(9))).isEmpty(); // hit on the missing key
            assertThat(reader.calls()).hasSize(2);

            reader.put(key(1), row(1, "new"));
            reader.put(key(9), row(9, "arrived"));
            ticker.advance(Duration.ofMinutes(2));
            assertThat(subtask2.lookup(key(1))).containsExactly(row(1, "old")); // stale + refresh
            assertThat(subtask1.lookup(key(1))).containsExactly(row(1, "new"));
            assertThat(subtask1.lookup(key(9))).containsExactly(row(9, "arrived")); // TTL 30 s

            // cache-wide counters in every subtask's group; loads counted per subtask by Flink
            for (RecordingMetricGroup group : List.of(metrics1, metrics2)) {
                assertThat(group.count("cache.hitCount")).isEqualTo(4);
                assertThat(group.count("cache.missCount")).isEqualTo(3);
                assertThat(group.count("cache.numCachedRecords")).isEqualTo(2);
                assertThat(group.gaugeValue("cache." + LookupMetricNames.HIT_RATE))
                        .isEqualTo(4.0 / 7);
                assertThat(group.count("cache.numCachedBytes")).isPositive();
                assertThat(group.count("cache." + LookupMetricNames.REFRESHES)).isEqualTo(1);
            }
            assertThat(metrics1.count("cache.loadCount")).isEqualTo(3);
            assertThat(metrics2.count("cache.loadCount")).isZero();
        } finally {
            subtask1.close();
            subtask2.close();
        }
        // two delegates and the cache's own refresh reader, each opened and closed once
        assertThat(reader.opens()).isEqualTo(3);
        assertThat(reader.closes()).isEqualTo(3);
        assertThat(shared.size()).isZero();
    }

    @Test
    void worksBehindFlinksCachingAsyncLookupFunction() throws Exception {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        reader.put(key(1), row(1, "a"));
        PartialCacheOptions options =
                PartialCacheOptions.builder().maxRows(100).cacheMissingKey(false).build();
        CachingAsyncLookupFunction function =
                InstantiationUtil.clone(
                        new CachingAsyncLookupFunction(
                                CaffeineLookupCache.of(options, null),
                                new AsyncStoreLookup(reader)));
        RecordingMetricGroup metrics = new RecordingMetricGroup();
        function.open(context(metrics));
        try {
            assertThat(function.asyncLookup(key(1)).get()).containsExactly(row(1, "a"));
            assertThat(function.asyncLookup(key(1)).get()).containsExactly(row(1, "a"));
            assertThat(function.asyncLookup(key(2)).get()).isEmpty();
            assertThat(function.asyncLookup(key(2)).get()).isEmpty(); // not cached: read again

            assertThat(reader.calls()).hasSize(3);
            assertThat(metrics.count("cache.hitCount")).isEqualTo(1);
            assertThat(metrics.count("cache.missCount")).isEqualTo(3);
            assertThat(metrics.count("cache.numCachedRecords")).isEqualTo(1);
        } finally {
            function.close();
        }
    }

    /** A FunctionContext whose metric group the test can read (no full RuntimeContext needed). */
    private static FunctionContext context(MetricGroup metrics) {
        return new FunctionContext(
                null, CaffeineLookupCacheInFlinkCachingFunctionsTest.class.getClassLoader(), null) {
            @Override
            public MetricGroup getMetricGroup() {
                return metrics;
            }
        };
    }

    /** A connector's sync lookup over the test store. */
    private static final class StoreLookup extends LookupFunction {
        private final InMemoryMultiKeyReader reader;

        StoreLookup(InMemoryMultiKeyReader reader) {
            this.reader = reader;
        }

        @Override
        public void open(FunctionContext context) {
            reader.open(context);
        }

        @Override
        public Collection<RowData> lookup(RowData key) {
            return reader.readAll(List.of(key)).join().getOrDefault(key, Collections.emptyList());
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    /** A connector's async lookup over the test store. */
    private static final class AsyncStoreLookup extends AsyncLookupFunction {
        private final InMemoryMultiKeyReader reader;

        AsyncStoreLookup(InMemoryMultiKeyReader reader) {
            this.reader = reader;
        }

        @Override
        public void open(FunctionContext context) {
            reader.open(context);
        }

        @Override
        public CompletableFuture<Collection<RowData>> asyncLookup(RowData key) {
            return reader.readAll(List.of(key))
                    .thenApply(found -> found.getOrDefault(key, Collections.emptyList()));
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
