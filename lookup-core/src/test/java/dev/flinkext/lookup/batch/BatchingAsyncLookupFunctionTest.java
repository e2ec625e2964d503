package dev.flinkext.lookup.batch;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.lookup.config.BatchOptions;
import dev.flinkext.lookup.metrics.LookupMetricNames;
import dev.flinkext.lookup.testing.InMemoryMultiKeyReader;
import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.flinkext.lookup.testing.InMemoryMultiKeyReader.key;
import static dev.flinkext.lookup.testing.InMemoryMultiKeyReader.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchingAsyncLookupFunctionTest {

    /** Bounded wait for things that happen on other threads; never a correctness delay. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Long enough that only max-size can close a batch within a test. */
    private static final Duration NEVER = Duration.ofHours(1);

    private static final RetryPolicy NO_RETRIES = RetryPolicy.of(0);

    private final InMemoryMultiKeyReader reader =
            InMemoryMultiKeyReader.create()
                    .put(1, row(1, "one"))
                    .put(2, row(2, "two"))
                    .put(3, row(3, "three"), row(3, "drei"))
                    .put(4, row(4, "four"));
    private final RecordingMetricGroup metrics = new RecordingMetricGroup();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeFunctions() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private BatchingAsyncLookupFunction open(BatchOptions options) throws Exception {
        return open(options, ReadOutcomeHandler.COMPLETE);
    }

    private BatchingAsyncLookupFunction open(BatchOptions options, ReadOutcomeHandler handler)
            throws Exception {
        BatchingAsyncLookupFunction function =
                new BatchingAsyncLookupFunction(reader, options, handler);
        FunctionContext context = metrics.functionContext();
        function.open(context);
        toClose.add(function::close);
        return function;
    }

    private static BatchOptions options(int maxSize, Duration maxDelay, RetryPolicy retries) {
        return BatchOptions.builder()
                .maxSize(maxSize)
                .maxDelay(maxDelay)
                .retryPolicy(retries)
                .build();
    }

    private static Collection<RowData> await(CompletableFuture<Collection<RowData>> future)
            throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable awaitFailure(CompletableFuture<Collection<RowData>> future) {
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("Future neither failed nor completed in time", e);
        }
        throw new AssertionError("Future completed normally: " + future.join());
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + WAIT);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void maxSizeClosesTheBatch() throws Exception {
        BatchingAsyncLookupFunction function = open(options(3, NEVER, NO_RETRIES));

        CompletableFuture<Collection<RowData>> one = function.asyncLookup(key(1));
        CompletableFuture<Collection<RowData>> three = function.asyncLookup(key(3));
        assertThat(reader.calls()).isEmpty();
        CompletableFuture<Collection<RowData>> absent = function.asyncLookup(key(99));

        assertThat(reader.calls()).containsExactly(List.of(key(1), key(3), key(99)));
        assertThat(await(one)).containsExactly(row(1, "one"));
        assertThat(await(three)).containsExactly(row(3, "three"), row(3, "drei"));
        assertThat(await(absent)).isEmpty();
    }

    @Test
    void maxDelayReadsAPartialBatch() throws Exception {
        BatchingAsyncLookupFunction function = open(options(100, Duration.ofMillis(5), NO_RETRIES));

        CompletableFuture<Collection<RowData>> one = function.asyncLookup(key(1));
        CompletableFuture<Collection<RowData>> two = function.asyncLookup(key(2));

        // Only the deadline can close a batch of 2 when max-size is 100.
        assertThat(await(one)).containsExactly(row(1, "one"));
        assertThat(await(two)).containsExactly(row(2, "two"));
        assertThat(reader.calls().stream().flatMap(List::stream))
                .containsExactlyInAnyOrder(key(1), key(2));
    }

    @Test
    void maxSizeOneReadsEveryKeyAtOnce() throws Exception {
        BatchingAsyncLookupFunction function = open(options(1, NEVER, NO_RETRIES));

        assertThat(await(function.asyncLookup(key(1)))).containsExactly(row(1, "one"));
        assertThat(await(function.asyncLookup(key(2)))).containsExactly(row(2, "two"));
        assertThat(reader.calls()).containsExactly(List.of(key(1)), List.of(key(2)));
    }

    @Test
    void lookupsOfOneKeyShareOneRead() throws Exception {
        BatchingAsyncLookupFunction function = open(options(2, NEVER, NO_RETRIES));

        CompletableFuture<Collection<RowData>> first = function.asyncLookup(key(1));
        CompletableFuture<Collection<RowData>> second = function.asyncLookup(key(1));
        CompletableFuture<Collection<RowData>> third = function.asyncLookup(key(1));
        assertThat(reader.calls()).isEmpty(); // one distinct key so far
        CompletableFuture<Collection<RowData>> two = function.asyncLookup(key(2));

        assertThat(reader.calls()).containsExactly(List.of(key(1), key(2)));
        for (CompletableFuture<Collection<RowData>> f : List.of(first, second, third)) {
            assertThat(await(f)).containsExactly(row(1, "one"));
        }
        assertThat(await(two)).containsExactly(row(2, "two"));
    }

    @Test
    void aBatchIsSplitIntoOneReadPerPartition() throws Exception {
        reader.partitionBy(key -> key.getLong(0) % 2 == 0 ? "node-even" : "node-odd");
        BatchingAsyncLookupFunction function = open(options(4, NEVER, NO_RETRIES));

        List<CompletableFuture<Collection<RowData>>> futures = new ArrayList<>();
        for (long id = 1; id <= 4; id++) {
            futures.add(function.asyncLookup(key(id)));
        }

        assertThat(reader.calls())
                .containsExactly(List.of(key(1), key(3)), List.of(key(2), key(4)));
        assertThat(await(futures.get(1))).containsExactly(row(2, "two"));
        assertThat(await(futures.get(2))).containsExactly(row(3, "three"), row(3, "drei"));
        assertThat(metrics.count("lookup." + LookupMetricNames.BATCHES)).isEqualTo(1);
    }

    @Test
    void aFailedPartitionFailsOnlyItsOwnKeys() throws Exception {
        reader.partitionBy(key -> key.getLong(0) % 2 == 0 ? "node-even" : "node-odd");
        reader.failNext(1); // the first partition read: the odd keys
        BatchingAsyncLookupFunction function = open(options(2, NEVER, NO_RETRIES));

        CompletableFuture<Collection<RowData>> odd = function.asyncLookup(key(1));
        CompletableFuture<Collection<RowData>> even = function.asyncLookup(key(2));

        assertThat(awaitFailure(odd)).hasMessageContaining(InMemoryMultiKeyReader.ADDRESS);
        assertThat(await(even)).containsExactly(row(2, "two"));
    }

    @Test
    void failedReadsAreRetriedThenSucceed() throws Exception {
        reader.failNext(2);
        BatchingAsyncLookupFunction function =
                open(options(2, NEVER, RetryPolicy.of(2, Duration.ZERO, Duration.ZERO)));

        CompletableFuture<Collection<RowData>> one = function.asyncLookup(key(1));
        CompletableFuture<Collection<RowData>> two = function.asyncLookup(key(2));

        assertThat(await(one)).containsExactly(row(1, "one"));
        assertThat(await(two)).containsExactly(row(2, "two"));
        assertThat(reader.calls())
                .hasSize(3)
                .allSatisfy(call -> assertThat(call).containsExactly(key(1), key(2)));
        assertThat(metrics.count("lookup." + LookupMetricNames.READ_FAILURES)).isEqualTo(2);
        assertThat(metrics.count("lookup." + LookupMetricNames.RETRIES)).isEqualTo(2);
    }

    @Test
    void exhaustedRetriesFailEveryLookupOfTheReadWithAClearMessage() throws Exception {
        reader.failNext(3);
        BatchingAsyncLookupFunction function =
                open(options(2, NEVER, RetryPolicy.of(2, Duration.ZERO, Duration.ZERO)));

        CompletableFuture<Collection<RowData>> one = function.asyncLookup(key(1));
        CompletableFuture<Collection<RowData>> two = function.asyncLookup(key(2));

        Throwable error = awaitFailure(one);
        assertThat(error)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("2 key(s)")
                .hasMessageContaining("3 attempt(s)")
                .hasMessageContaining("'lookup.max-retries' = 2")
                .hasMessageContaining("Connection refused: " + InMemoryMultiKeyReader.ADDRESS)
                .hasCauseInstanceOf(IOException.class);
        assertThat(awaitFailure(two)).isSameAs(error);
        assertThat(reader.calls()).hasSize(3);
        assertThat(metrics.count("lookup." + LookupMetricNames.READ_FAILURES)).isEqualTo(3);
        assertThat(metrics.count("lookup." + LookupMetricNames.RETRIES)).isEqualTo(2);

        // The function keeps working once the store is back.
        CompletableFuture<Collection<RowData>> again = function.asyncLookup(key(1));
        function.asyncLookup(key(2));
        assertThat(await(again)).containsExactly(row(1, "one"));
    }

    @Test
    void aReaderThatThrowsOrReturnsNullCountsAsAFailedRead() throws Exception {
        MultiKeyReader broken =
                new MultiKeyReader() {
                    private int calls;

                    @Override
                    public void open(FunctionContext context) {}

                    @Override
                    public CompletableFuture<Map<RowData, Collection<RowData>>> readAll(
                            List<RowData> keys) {
                        if (calls++ == 0) {
                            throw new IllegalStateException("boom at broken-store:1");
                        }
                        return null;
                    }

                    @Override
                    public void close() {}
                };
        BatchingAsyncLookupFunction function =
                new BatchingAsyncLookupFunction(
                        broken, options(1, NEVER, RetryPolicy.of(1, Duration.ZERO, Duration.ZERO)));
        function.open(metrics.functionContext());
        toClose.add(function::close);

        Throwable error = awaitFailure(function.asyncLookup(key(1)));

        assertThat(error)
                .hasMessageContaining("1 key(s)")
                .hasMessageContaining("2 attempt(s)")
                .hasMessageContaining("readAll returned null");
        assertThat(metrics.count("lookup." + LookupMetricNames.READ_FAILURES)).isEqualTo(2);
    }

    @Test
    void aReadOutcomeHandlerCanRescheduleAMissUntilTheRowArrives() throws Exception {
        List<Integer> readsSeen = new CopyOnWriteArrayList<>();
        ReadOutcomeHandler retryMisses =
                (key, rows, reads) -> {
                    readsSeen.add(reads);
                    return rows.isEmpty() && reads < 5
                            ? ReadDecision.rescheduleAfter(Duration.ofMillis(1))
                            : ReadDecision.complete();
                };
        BatchingAsyncLookupFunction function = open(options(1, NEVER, NO_RETRIES), retryMisses);

        reader.hold();
        CompletableFuture<Collection<RowData>> late = function.asyncLookup(key(7));
        assertThat(reader.awaitCall(WAIT)).containsExactly(key(7)); // answered: miss
        reader.put(7, row(7, "late"));
        reader.releaseAll();

        assertThat(await(late)).containsExactly(row(7, "late"));
        assertThat(reader.calls()).containsExactly(List.of(key(7)), List.of(key(7)));
        assertThat(readsSeen).containsExactly(1, 2);
    }

    @Test
    void aRescheduledKeyCompletesWhenTheHandlerGivesUp() throws Exception {
        ReadOutcomeHandler retryMissesTwice =
                (key, rows, reads) ->
                        rows.isEmpty() && reads < 3
                                ? ReadDecision.rescheduleAfter(Duration.ZERO)
                                : ReadDecision.complete();
        BatchingAsyncLookupFunction function =
                open(options(1, NEVER, NO_RETRIES), retryMissesTwice);

        assertThat(await(function.asyncLookup(key(99)))).isEmpty();
        assertThat(reader.calls()).hasSize(3);
        assertThat(metrics.gaugeValue("lookup." + LookupMetricNames.PENDING_KEYS)).isEqualTo(0);
    }

    @Test
    void aRescheduledKeyJoinsTheBatchOpenAtThatTime() throws Exception {
        ReadOutcomeHandler retryMissOnce =
                (key, rows, reads) ->
                        rows.isEmpty() && reads == 1
                                ? ReadDecision.rescheduleAfter(Duration.ZERO)
                                : ReadDecision.complete();
        BatchingAsyncLookupFunction function = open(options(2, NEVER, NO_RETRIES), retryMissOnce);

        CompletableFuture<Collection<RowData>> miss = function.asyncLookup(key(99));
        function.asyncLookup(key(1)); // closes batch 1: 99 is missed and rescheduled

        CompletableFuture<Collection<RowData>> missAgain = function.asyncLookup(key(99));
        // Whichever comes first, the new lookup or 99's return, both end up waiting on one entry
        // of the open batch: until then the gauge counts 99 twice (in the batch and rescheduled).
        waitUntil(() -> metrics.gaugeValue("lookup." + LookupMetricNames.PENDING_KEYS).equals(1));
        CompletableFuture<Collection<RowData>> two = function.asyncLookup(key(2));

        assertThat(await(miss)).isEmpty();
        assertThat(await(missAgain)).isEmpty();
        assertThat(await(two)).containsExactly(row(2, "two"));
        assertThat(reader.calls())
                .containsExactly(List.of(key(99), key(1)), List.of(key(99), key(2)));
    }

    @Test
    void closeFailsPendingAndInFlightLookupsAndClosesTheReader() throws Exception {
        BatchingAsyncLookupFunction function =
                new BatchingAsyncLookupFunction(reader, options(2, NEVER, NO_RETRIES));
        function.open(metrics.functionContext());
        assertThat(reader.isOpen()).isTrue();

        reader.hold();
        CompletableFuture<Collection<RowData>> inFlight1 = function.asyncLookup(key(1));
        CompletableFuture<Collection<RowData>> inFlight2 = function.asyncLookup(key(2));
        CompletableFuture<Collection<RowData>> pending = function.asyncLookup(key(3));
        assertThat(reader.calls()).hasSize(1);

        function.close();

        for (CompletableFuture<Collection<RowData>> f : List.of(inFlight1, inFlight2, pending)) {
            assertThat(awaitFailure(f))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Lookup function closed");
        }
        assertThat(reader.isClosed()).isTrue();
        assertThat(awaitFailure(function.asyncLookup(key(4))))
                .hasMessageContaining("Lookup function closed");

        reader.releaseAll(); // a late answer changes nothing
        assertThat(inFlight1).isCompletedExceptionally();
        function.close(); // idempotent
    }

    @Test
    void metricsCountBatchesSizesFailuresRetriesAndPendingKeys() throws Exception {
        reader.failNext(1);
        BatchingAsyncLookupFunction function =
                open(options(3, NEVER, RetryPolicy.of(1, Duration.ZERO, Duration.ZERO)));
        String group = LookupMetricNames.GROUP + ".";

        List<CompletableFuture<Collection<RowData>>> futures = new ArrayList<>();
        futures.add(function.asyncLookup(key(1)));
        futures.add(function.asyncLookup(key(1)));
        futures.add(function.asyncLookup(key(2)));
        assertThat(metrics.gaugeValue(group + LookupMetricNames.PENDING_KEYS)).isEqualTo(2);
        futures.add(function.asyncLookup(key(3))); // batch 1: 3 keys, first read fails
        futures.add(function.asyncLookup(key(4)));
        futures.add(function.asyncLookup(key(5)));
        futures.add(function.asyncLookup(key(6))); // batch 2: 3 keys
        futures.add(function.asyncLookup(key(7)));
        for (int i = 0; i < 7; i++) {
            await(futures.get(i));
        }

        assertThat(metrics.count(group + LookupMetricNames.BATCHES)).isEqualTo(2);
        assertThat(
                        metrics.histogram(group + LookupMetricNames.BATCH_SIZE)
                                .getStatistics()
                                .getValues())
                .containsExactly(3, 3);
        assertThat(metrics.count(group + LookupMetricNames.READ_FAILURES)).isEqualTo(1);
        assertThat(metrics.count(group + LookupMetricNames.RETRIES)).isEqualTo(1);
        assertThat(metrics.gaugeValue(group + LookupMetricNames.PENDING_KEYS)).isEqualTo(1);
        // recorded once every read of a batch has finished, just after its lookups complete
        waitUntil(() -> metrics.count(group + LookupMetricNames.BATCH_LATENCY_MS) == 2);
        assertThat(
                        metrics.histogram(group + LookupMetricNames.BATCH_LATENCY_MS)
                                .getStatistics()
                                .getMin())
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void manyThreadsLookingUpConcurrentlyEachGetTheirOwnRows() throws Exception {
        int threads = 8;
        int lookupsPerThread = 3000;
        int keys = 500;
        int maxSize = 16;
        InMemoryMultiKeyReader store = InMemoryMultiKeyReader.create();
        for (long id = 0; id < keys; id++) {
            if (id % 7 != 0) { // every 7th key is absent
                store.put(id, row(id, "name-" + id));
            }
        }
        ExecutorService storeThreads = Executors.newFixedThreadPool(2);
        store.partitionBy(key -> key.getLong(0) % 3).completeOn(storeThreads);
        BatchingAsyncLookupFunction function =
                new BatchingAsyncLookupFunction(
                        store, options(maxSize, Duration.ofMillis(1), RetryPolicy.of(0)));
        function.open(metrics.functionContext());
        toClose.add(function::close);
        toClose.add(storeThreads::shutdownNow);

        ExecutorService callers = Executors.newFixedThreadPool(threads);
        toClose.add(callers::shutdownNow);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<List<String>>> problems = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            problems.add(
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    start.await();
                                } catch (InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                                List<Long> ids = new ArrayList<>();
                                List<CompletableFuture<Collection<RowData>>> futures =
                                        new ArrayList<>();
                                for (int i = 0; i < lookupsPerThread; i++) {
                                    long id = ThreadLocalRandom.current().nextLong(keys);
                                    ids.add(id);
                                    futures.add(function.asyncLookup(key(id)));
                                }
                                List<String> wrong = new ArrayList<>();
                                for (int i = 0; i < futures.size(); i++) {
                                    long id = ids.get(i);
                                    Collection<RowData> rows = await(futures.get(i), id);
                                    List<RowData> expected =
                                            id % 7 == 0
                                                    ? List.of()
                                                    : List.of(row(id, "name-" + id));
                                    if (!List.copyOf(rows).equals(expected)) {
                                        wrong.add(id + " -> " + rows);
                                    }
                                }
                                return wrong;
                            },
                            callers));
        }
        start.countDown();
        for (CompletableFuture<List<String>> threadProblems : problems) {
            assertThat(threadProblems.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
        }

        List<List<RowData>> calls = store.calls();
        assertThat(calls)
                .allSatisfy(
                        call -> {
                            assertThat(call)
                                    .hasSizeLessThanOrEqualTo(maxSize)
                                    .doesNotHaveDuplicates();
                            Set<Object> partitions = new HashSet<>();
                            call.forEach(k -> partitions.add(store.partitionOf(k)));
                            assertThat(partitions).hasSize(1);
                        });
        long keysRead = calls.stream().mapToLong(List::size).sum();
        assertThat(keysRead).isLessThanOrEqualTo((long) threads * lookupsPerThread);
        assertThat(metrics.gaugeValue("lookup." + LookupMetricNames.PENDING_KEYS)).isEqualTo(0);
    }

    private static Collection<RowData> await(
            CompletableFuture<Collection<RowData>> future, long id) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("Lookup of key " + id + " did not complete", e);
        }
    }

    @Test
    void closingAnUnopenedFunctionClosesTheReader() throws Exception {
        new BatchingAsyncLookupFunction(reader, options(2, NEVER, NO_RETRIES)).close();
        assertThat(reader.isClosed()).isTrue();
    }

    /** A reader whose whole state survives serialization: every key k maps to (k, "k"). */
    private static final class EchoReader implements MultiKeyReader {
        private static final long serialVersionUID = 1L;

        @Override
        public void open(FunctionContext context) {}

        @Override
        public CompletableFuture<Map<RowData, Collection<RowData>>> readAll(List<RowData> keys) {
            Map<RowData, Collection<RowData>> rows = new HashMap<>();
            for (RowData key : keys) {
                rows.put(key, List.of(row(key.getLong(0), String.valueOf(key.getLong(0)))));
            }
            return CompletableFuture.completedFuture(rows);
        }

        @Override
        public void close() {}
    }

    @Test
    void survivesSerializationLikeEveryFlinkFunction() throws Exception {
        BatchingAsyncLookupFunction copy =
                InstantiationUtil.clone(
                        new BatchingAsyncLookupFunction(
                                new EchoReader(), options(1, NEVER, NO_RETRIES)));
        copy.open(metrics.functionContext());
        toClose.add(copy::close);

        assertThat(await(copy.asyncLookup(key(5)))).containsExactly(row(5, "5"));
    }

    @Test
    void optionsAreValidatedWhenBuilt() {
        assertThatThrownBy(() -> options(0, NEVER, NO_RETRIES))
                .hasMessageContaining("lookup.batch.max-size");
    }
}
