package dev.flinkext.lookup.cache;

import dev.flinkext.lookup.LookupSettings;
import dev.flinkext.lookup.batch.ReadDecision;
import dev.flinkext.lookup.batch.ReadOutcomeHandler;
import dev.flinkext.lookup.testing.InMemoryMultiKeyReader;
import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.runtime.connector.source.LookupRuntimeProviderContext;
import org.apache.flink.table.runtime.functions.table.lookup.CachingAsyncLookupFunction;
import org.apache.flink.table.runtime.functions.table.lookup.LookupCacheManager;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read-outcome hook reached through {@link LookupSettings#createProvider}, behind Flink's own
 * PARTIAL caching function: a key the hook sends back for another read is not cached as missing
 * while its reads are due; the row that arrives meanwhile is what gets cached.
 */
class RescheduledKeysAreNotCachedTest {

    private static final RowType ROW = RowType.of(new BigIntType(), new VarCharType(10));

    @AfterEach
    void noLeakedCaches() {
        LookupCacheManager.getInstance().checkAllReleased();
    }

    @Test
    void aMissWaitingForAnotherReadIsNeitherReturnedNorCached() throws Exception {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        // misses are read again, up to 1000 reads: the test, not a bound, ends the wait
        ReadOutcomeHandler retryMisses =
                (key, rows, reads) ->
                        rows.isEmpty() && reads < 1000
                                ? ReadDecision.rescheduleAfter(Duration.ofMillis(2))
                                : ReadDecision.complete();
        LookupSettings settings =
                LookupSettings.fromConfig(
                        Configuration.fromMap(
                                Map.of(
                                        "lookup.cache", "PARTIAL",
                                        "lookup.async", "true",
                                        "lookup.partial-cache.max-rows", "100",
                                        "lookup.partial-cache.cache-missing-key", "true")));
        PartialCachingAsyncLookupProvider provider =
                (PartialCachingAsyncLookupProvider)
                        settings.createProvider(
                                "t",
                                new LookupRuntimeProviderContext(new int[][] {{0}}, false),
                                ROW,
                                reader,
                                null,
                                retryMisses);
        CachingAsyncLookupFunction function =
                InstantiationUtil.clone(
                        new CachingAsyncLookupFunction(
                                provider.getCache(), provider.createAsyncLookupFunction()));
        RecordingMetricGroup metrics = new RecordingMetricGroup();
        function.open(context(metrics));
        try {
            CompletableFuture<Collection<RowData>> waiting = function.asyncLookup(key(7));
            while (reader.calls().size() < 3) {
                Thread.sleep(1); // read, missed, rescheduled, read again ...
            }
            assertThat(waiting).isNotDone();
            assertThat(metrics.count("cache.numCachedRecords")).isZero();

            reader.put(key(7), row(7, "late"));

            assertThat(waiting.get(30, TimeUnit.SECONDS)).containsExactly(row(7, "late"));
            int reads = reader.calls().size();
            // the late row, not a miss, is what the cache kept: a second lookup is a hit
            assertThat(function.asyncLookup(key(7)).get(30, TimeUnit.SECONDS))
                    .containsExactly(row(7, "late"));
            assertThat(reader.calls()).hasSize(reads);
            assertThat(metrics.count("cache.hitCount")).isEqualTo(1);
        } finally {
            function.close();
        }
    }

    private static RowData key(long id) {
        return GenericRowData.of(id);
    }

    private static RowData row(long id, String name) {
        return GenericRowData.of(id, StringData.fromString(name));
    }

    private static FunctionContext context(MetricGroup metrics) {
        return new FunctionContext(
                null, RescheduledKeysAreNotCachedTest.class.getClassLoader(), null) {
            @Override
            public MetricGroup getMetricGroup() {
                return metrics;
            }
        };
    }
}
