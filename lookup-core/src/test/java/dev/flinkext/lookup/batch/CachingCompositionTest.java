package dev.flinkext.lookup.batch;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.lookup.config.BatchOptions;
import dev.flinkext.lookup.metrics.LookupMetricNames;
import dev.flinkext.lookup.testing.InMemoryMultiKeyReader;
import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.functions.table.lookup.CachingAsyncLookupFunction;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.flinkext.lookup.testing.InMemoryMultiKeyReader.key;
import static dev.flinkext.lookup.testing.InMemoryMultiKeyReader.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batcher behind Flink's own partial-cache wrapper, as the planner builds it from {@link
 * PartialCachingAsyncLookupProvider}: cache hits are answered by the cache and never enter a batch.
 */
class CachingCompositionTest {

    private static Collection<RowData> await(CompletableFuture<Collection<RowData>> future)
            throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    @Test
    void cacheHitsNeverReachTheBatcher() throws Exception {
        InMemoryMultiKeyReader reader =
                InMemoryMultiKeyReader.create().put(1, row(1, "one")).put(2, row(2, "two"));
        BatchingAsyncLookupFunction batcher =
                new BatchingAsyncLookupFunction(
                        reader,
                        BatchOptions.builder()
                                .maxSize(2)
                                .maxDelay(Duration.ofHours(1))
                                .retryPolicy(RetryPolicy.of(0))
                                .build());
        LookupCache cache =
                DefaultLookupCache.newBuilder().maximumSize(100).cacheMissingKey(true).build();
        PartialCachingAsyncLookupProvider provider =
                PartialCachingAsyncLookupProvider.of(batcher, cache);
        // What Flink's planner does with that provider.
        CachingAsyncLookupFunction function =
                new CachingAsyncLookupFunction(
                        provider.getCache(), provider.createAsyncLookupFunction());
        RecordingMetricGroup metrics = new RecordingMetricGroup();
        function.open(metrics.functionContext());
        try {
            // Batch 1 fills the cache with key 1 and the missing key 99.
            CompletableFuture<Collection<RowData>> one = function.asyncLookup(key(1));
            CompletableFuture<Collection<RowData>> missing = function.asyncLookup(key(99));
            assertThat(await(one)).containsExactly(row(1, "one"));
            assertThat(await(missing)).isEmpty();
            assertThat(reader.calls()).containsExactly(List.of(key(1), key(99)));

            // Hits complete at once and take no place in the next batch.
            CompletableFuture<Collection<RowData>> hit = function.asyncLookup(key(1));
            CompletableFuture<Collection<RowData>> missingHit = function.asyncLookup(key(99));
            assertThat(hit).isCompleted();
            assertThat(missingHit).isCompleted();
            assertThat(await(hit)).containsExactly(row(1, "one"));
            assertThat(metrics.gaugeValue("lookup." + LookupMetricNames.PENDING_KEYS)).isEqualTo(0);

            // Batch 2 holds only keys the cache lacked.
            CompletableFuture<Collection<RowData>> two = function.asyncLookup(key(2));
            CompletableFuture<Collection<RowData>> three = function.asyncLookup(key(3));
            assertThat(await(two)).containsExactly(row(2, "two"));
            assertThat(await(three)).isEmpty();
            assertThat(reader.calls())
                    .containsExactly(List.of(key(1), key(99)), List.of(key(2), key(3)));
            assertThat(metrics.count("lookup." + LookupMetricNames.BATCHES)).isEqualTo(2);
            assertThat(metrics.count("cache.hitCount")).isEqualTo(2);
        } finally {
            function.close();
        }
        assertThat(reader.isClosed()).isTrue();
    }
}
