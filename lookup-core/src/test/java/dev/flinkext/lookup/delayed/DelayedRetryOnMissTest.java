package dev.flinkext.lookup.delayed;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.lookup.batch.BatchingAsyncLookupFunction;
import dev.flinkext.lookup.config.BatchOptions;
import dev.flinkext.lookup.config.DelayedRetryOptions;
import dev.flinkext.lookup.testing.InMemoryMultiKeyReader;
import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.flinkext.lookup.testing.InMemoryMultiKeyReader.key;
import static dev.flinkext.lookup.testing.InMemoryMultiKeyReader.row;
import static org.assertj.core.api.Assertions.assertThat;

/** The delayed retry on the batcher: re-reads of misses, batched; metrics; the final miss. */
class DelayedRetryOnMissTest {

    private static DelayedRetryOptions options(int attempts, String interval) {
        return DelayedRetryOptions.forLookupSource(
                Configuration.fromMap(
                        Map.of(
                                "lookup.async",
                                "true",
                                "lookup.delayed-retry.max-attempts",
                                String.valueOf(attempts),
                                "lookup.delayed-retry.interval",
                                interval)),
                new Configuration());
    }

    private static Collection<RowData> await(CompletableFuture<Collection<RowData>> f)
            throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aMissIsReadAgainUntilItsRowIsThereAndTheRetriesOfManyKeysShareReads() throws Exception {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create().put(1, row(1, "one"));
        RecordingMetricGroup metrics = new RecordingMetricGroup();
        BatchingAsyncLookupFunction function =
                new BatchingAsyncLookupFunction(
                        reader,
                        BatchOptions.builder()
                                .maxSize(100)
                                .maxDelay(Duration.ofMillis(5))
                                .retryPolicy(RetryPolicy.of(0))
                                .build(),
                        new DelayedRetryOnMiss(options(50, "50 ms")));
        function.open(metrics.functionContext());
        try {
            CompletableFuture<Collection<RowData>> hit = function.asyncLookup(key(1));
            CompletableFuture<Collection<RowData>> lateA = function.asyncLookup(key(7));
            CompletableFuture<Collection<RowData>> lateB = function.asyncLookup(key(8));
            assertThat(await(hit)).containsExactly(row(1, "one"));
            // both misses wait, re-read together every 50 ms
            while (reader.calls().stream().filter(c -> c.contains(key(7))).count() < 3) {
                Thread.sleep(5);
            }
            assertThat(lateA).isNotDone();
            reader.put(7, row(7, "seven")).put(8, row(8, "eight"));
            assertThat(await(lateA)).containsExactly(row(7, "seven"));
            assertThat(await(lateB)).containsExactly(row(8, "eight"));
            // every read of key 7 also read key 8: the two keys' re-reads shared store calls
            var readsOf7 = reader.calls().stream().filter(c -> c.contains(key(7))).toList();
            assertThat(readsOf7).allMatch(call -> call.contains(key(8))).hasSizeGreaterThan(2);
            assertThat(reader.calls().stream().filter(c -> c.contains(key(8))))
                    .hasSameSizeAs(readsOf7);
            int reReads = readsOf7.size() - 1;
            assertThat(metrics.count("lookup.delayedRetry.numRetries")).isEqualTo(2L * reReads);
            assertThat(metrics.count("lookup.delayedRetry.joinedOnAttempt" + reReads)).isEqualTo(2);
            assertThat(metrics.count("lookup.delayedRetry.numFinalMisses")).isZero();
        } finally {
            function.close();
        }
    }

    @Test
    void reReadsFallDueOnTicksSoKeysMissedTogetherFillOneBatch() {
        DelayedRetryOnMiss retry = new DelayedRetryOnMiss(options(5, "500 ms"));
        long tick = 50_000_000L; // a tenth of the interval
        long base = 7_000_000_123L;
        for (long now = base; now < base + 3 * tick; now += 1_234_567L) {
            long delay = retry.alignedToTick(Duration.ofMillis(500), now).toNanos();
            // never earlier than asked, less than one tick later, and due on a tick boundary
            assertThat(delay).isBetween(500_000_000L, 500_000_000L + tick - 1);
            assertThat(Math.floorMod(now + delay, tick)).isZero();
        }
        // keys missed within one tick come due together
        assertThat(base + retry.alignedToTick(Duration.ofMillis(500), base).toNanos())
                .isEqualTo(
                        base
                                + 1_000_000L
                                + retry.alignedToTick(Duration.ofMillis(500), base + 1_000_000L)
                                        .toNanos());
    }

    @Test
    void aKeyStillMissingAfterTheLastReReadIsAnsweredWithNoRow() throws Exception {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        RecordingMetricGroup metrics = new RecordingMetricGroup();
        BatchingAsyncLookupFunction function =
                new BatchingAsyncLookupFunction(
                        reader,
                        BatchOptions.builder().maxSize(1).retryPolicy(RetryPolicy.of(0)).build(),
                        new DelayedRetryOnMiss(options(3, "1 ms")));
        function.open(metrics.functionContext());
        try {
            assertThat(await(function.asyncLookup(key(9)))).isEmpty();
            assertThat(reader.calls()).hasSize(4); // the read and 3 re-reads
            assertThat(metrics.count("lookup.delayedRetry.numRetries")).isEqualTo(3);
            assertThat(metrics.count("lookup.delayedRetry.numFinalMisses")).isEqualTo(1);
        } finally {
            function.close();
        }
    }
}
