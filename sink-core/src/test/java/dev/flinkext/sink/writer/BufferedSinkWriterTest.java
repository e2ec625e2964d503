package dev.flinkext.sink.writer;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.sink.config.SinkWriterOptions;
import dev.flinkext.sink.metrics.SinkMetricNames;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.flinkext.sink.writer.KeyValueEntry.incr;
import static dev.flinkext.sink.writer.KeyValueEntry.push;
import static dev.flinkext.sink.writer.KeyValueEntry.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BufferedSinkWriterTest {

    /**
     * A test row: its entries, the reduce key (null: not reduced), and whether converting it fails
     * after its entries were emitted.
     */
    record Row(List<KeyValueEntry> entries, String reduceKey, boolean fails) {
        static Row of(KeyValueEntry... entries) {
            return new Row(List.of(entries), null, false);
        }

        static Row upsert(String key, String value) {
            return new Row(List.of(set(key, value)), key, false);
        }

        /** A reducible row of several entries, e.g. HSET + HDEL of one key. */
        static Row upsert(String key, KeyValueEntry... entries) {
            return new Row(List.of(entries), key, false);
        }

        static Row failingAfter(KeyValueEntry... entries) {
            return new Row(List.of(entries), null, true);
        }
    }

    private static final RowConverter<Row, KeyValueEntry> CONVERTER =
            new RowConverter<>() {
                @Override
                public void convert(Row row, java.util.function.Consumer<KeyValueEntry> out) {
                    row.entries().forEach(out);
                    if (row.fails()) {
                        throw new IllegalArgumentException("column 'v' is bad");
                    }
                }

                @Override
                public Object reduceKey(Row row, List<KeyValueEntry> entries) {
                    // sink-core hands over exactly the entries this row just made
                    assertThat(entries).isEqualTo(row.entries());
                    return row.reduceKey();
                }
            };

    private static final RetryPolicy FAST_RETRIES = RetryPolicy.of(2, Duration.ZERO, Duration.ZERO);

    private final TestWriterContext context = new TestWriterContext();
    private final ScriptedBatchWriter store = new ScriptedBatchWriter();
    private BufferedSinkWriter<Row, KeyValueEntry> writer;

    @AfterEach
    void close() throws Exception {
        if (writer != null) {
            writer.close();
        }
    }

    private BufferedSinkWriter<Row, KeyValueEntry> open(SinkWriterOptions.Builder options)
            throws IOException {
        writer =
                new BufferedSinkWriter<>(
                        "test-table",
                        options.build(),
                        CONVERTER,
                        KeyValueEntry.TRAITS,
                        store,
                        context.context());
        return writer;
    }

    private static SinkWriterOptions.Builder options() {
        return SinkWriterOptions.builder()
                .maxRows(1000)
                .interval(Duration.ZERO)
                .retryPolicy(FAST_RETRIES);
    }

    private long sunk(String metric) {
        return context.metrics.count(SinkMetricNames.GROUP + "." + metric);
    }

    private void write(Row row) throws Exception {
        writer.write(row, null);
    }

    @Test
    void writesOneBatchPerMaxRowsAndTheRestAtFlush() throws Exception {
        open(options().maxRows(3));
        for (int i = 0; i < 7; i++) {
            write(Row.of(set("k" + i, "v")));
        }
        assertThat(store.batches).hasSize(2);
        assertThat(store.batches.get(0))
                .extracting(KeyValueEntry::key)
                .containsExactly("k0", "k1", "k2");

        writer.flush(false);

        assertThat(store.batches).hasSize(3);
        assertThat(store.batches.get(2)).extracting(KeyValueEntry::key).containsExactly("k6");
        assertThat(sunk(SinkMetricNames.FLUSHES)).isEqualTo(3);
        assertThat(sunk(SinkMetricNames.ROWS)).isEqualTo(7);
        assertThat(context.recordsSend.getCount()).isEqualTo(7);
        writer.flush(true);
        assertThat(store.batches).hasSize(3); // nothing buffered: no empty batch
    }

    @Test
    void writesABatchWhenTheBufferedBytesReachTheBound() throws Exception {
        open(options().maxBytes(10)); // each entry: 2 + 3 bytes
        write(Row.of(set("k1", "abc")));
        assertThat(store.batches).isEmpty();
        write(Row.of(set("k2", "abc")));
        assertThat(store.batches).hasSize(1);
        writer.flush(false); // metrics count confirmed batches
        assertThat(sunk(SinkMetricNames.BYTES)).isEqualTo(10);
    }

    @Test
    void theIntervalTimerWritesTheBuffer() throws Exception {
        open(options().interval(Duration.ofSeconds(1)));
        write(Row.of(set("a", "1")));
        write(Row.of(set("b", "1")));
        assertThat(context.timers).hasSize(1); // one timer for the buffer, not one per row
        assertThat(store.batches).isEmpty();

        context.fireTimers();

        assertThat(store.batches).hasSize(1);
        assertThat(store.batches.get(0)).hasSize(2);
    }

    @Test
    void flushReturnsOnlyOnceEveryBatchIsConfirmed() throws Exception {
        store.thenPending();
        open(options());
        write(Row.of(set("a", "1")));
        CompletableFuture<Void> flushed =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                writer.flush(false);
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        while (store.calls() == 0) {
            Thread.onSpinWait();
        }
        Thread.sleep(50); // give a broken flush the chance to return early
        assertThat(flushed).isNotDone();

        store.futures.get(0).complete(WriteOutcome.allConfirmed());

        flushed.get(30, TimeUnit.SECONDS);
        assertThat(sunk(SinkMetricNames.FLUSHES)).isEqualTo(1);
    }

    @Test
    void batchesOfOtherKeysGoInFlightTogetherButABatchWaitsForAKeyInFlight() throws Exception {
        store.thenPending().thenPending();
        open(options().maxRows(1).maxInFlightBatches(3));
        write(Row.of(set("a", "1")));
        write(Row.of(set("b", "1"))); // other key: in flight beside the first
        assertThat(store.calls()).isEqualTo(2);

        CompletableFuture<Void> third =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                write(Row.of(set("a", "2"))); // key a is in flight
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        Thread.sleep(50);
        assertThat(store.calls()).isEqualTo(2);
        assertThat(third).isNotDone();

        store.futures.get(0).complete(WriteOutcome.allConfirmed());
        third.get(30, TimeUnit.SECONDS);
        assertThat(store.calls()).isEqualTo(3);
        assertThat(store.batches.get(2)).containsExactly(set("a", "2"));
        store.futures.get(1).complete(WriteOutcome.allConfirmed());
        writer.flush(false);
    }

    @Test
    void commutativeWritesOfAKeyGoInFlightTogetherButNotAfterAnOrderedOne() throws Exception {
        store.thenPending().thenPending().thenPending();
        open(options().maxRows(1).maxInFlightBatches(3));
        write(Row.of(incr("a", "1")));
        // both commutative: no order to keep, so it goes in flight while the first is pending
        CompletableFuture.runAsync(
                        () -> {
                            try {
                                write(Row.of(incr("a", "2")));
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        })
                .get(30, TimeUnit.SECONDS);
        assertThat(store.calls()).isEqualTo(2);
        write(Row.of(set("b", "1")));
        assertThat(store.calls()).isEqualTo(3);

        CompletableFuture<Void> fourth =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                write(Row.of(incr("b", "1"))); // after a SET of b in flight
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        Thread.sleep(50);
        assertThat(fourth).isNotDone();
        store.futures.get(0).complete(WriteOutcome.allConfirmed());
        store.futures.get(1).complete(WriteOutcome.allConfirmed());
        store.futures.get(2).complete(WriteOutcome.allConfirmed());
        fourth.get(30, TimeUnit.SECONDS);
        assertThat(store.batches.get(3)).containsExactly(incr("b", "1"));
        writer.flush(false);
    }

    @Test
    void atMostMaxInFlightBatchesAreWrittenAtOnce() throws Exception {
        store.thenPending().thenPending();
        open(options().maxRows(1).maxInFlightBatches(2));
        write(Row.of(set("a", "1")));
        write(Row.of(set("b", "1")));
        CompletableFuture<Void> third =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                write(Row.of(set("c", "1")));
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        Thread.sleep(50);
        assertThat(store.calls()).isEqualTo(2);

        store.futures.get(0).complete(WriteOutcome.allConfirmed());
        third.get(30, TimeUnit.SECONDS);
        assertThat(store.calls()).isEqualTo(3);
        store.futures.get(1).complete(WriteOutcome.allConfirmed());
    }

    @Test
    void unconfirmedEntriesAreRetriedAloneAndThenTheJobFailsNamingTheOption() throws Exception {
        store.thenUnconfirmed(1);
        open(options());
        write(Row.of(set("a", "1")));
        write(Row.of(set("b", "1")));
        writer.flush(false);
        assertThat(store.batches)
                .containsExactly(List.of(set("a", "1"), set("b", "1")), List.of(set("b", "1")));
        assertThat(sunk(SinkMetricNames.RETRIES)).isEqualTo(1);

        store.thenUnconfirmed(0).thenUnconfirmed(0).thenUnconfirmed(0);
        write(Row.of(set("c", "1")));
        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("after 3 attempt(s)")
                .hasMessageContaining("'sink.max-retries' = 2")
                .hasMessageContaining("test-table")
                .hasMessageContaining("BUSY script");
    }

    @Test
    void aLaterConfirmedIdempotentWriteIsResentInOrderAfterTheFailedOne() throws Exception {
        // SET a=1 fails, SET a=2 succeeds: the store holds a=2 but a retry of a=1 alone would
        // leave a=1. Both are re-sent, in order.
        store.thenUnconfirmed(0);
        open(options());
        write(Row.of(set("a", "1")));
        write(Row.of(set("b", "1")));
        write(Row.of(set("a", "2")));
        writer.flush(false);

        assertThat(store.batches.get(1)).containsExactly(set("a", "1"), set("a", "2"));
    }

    @Test
    void commutativeWritesRetryOnlyTheFailedOne() throws Exception {
        store.thenUnconfirmed(0);
        open(options());
        write(Row.of(incr("n", "1")));
        write(Row.of(incr("n", "2")));
        writer.flush(false);

        assertThat(store.batches.get(1)).containsExactly(incr("n", "1"));
    }

    @Test
    void writesThatCanNeitherBeResentNorReorderedFailNamingTheKey() throws Exception {
        store.thenUnconfirmed(0);
        open(options());
        write(Row.of(push("list", "x")));
        write(Row.of(push("list", "y")));

        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(OutOfOrderWriteException.class)
                .hasMessageContaining("'list'")
                .hasMessageContaining("BUSY script");
        assertThat(store.batches).hasSize(1); // nothing re-sent
    }

    @Test
    void upsertsAreReducedToTheLastRowPerKey() throws Exception {
        open(options());
        write(Row.upsert("a", "1"));
        write(Row.upsert("b", "1"));
        write(Row.upsert("a", "2"));
        write(Row.upsert("a", "3"));
        write(Row.of(incr("n", "1")));
        write(Row.of(incr("n", "1"))); // not reducible: both stay
        writer.flush(false);

        assertThat(store.batches)
                .containsExactly(
                        List.of(set("b", "1"), set("a", "3"), incr("n", "1"), incr("n", "1")));
        assertThat(sunk(SinkMetricNames.REDUCED_ROWS)).isEqualTo(2);
        assertThat(sunk(SinkMetricNames.ROWS)).isEqualTo(4);
    }

    /**
     * Rows share one flat buffer and the reduce index keeps (first entry, count) per key: a
     * replaced row of several entries must vanish whole, and nothing else with it, in the size
     * bound too.
     */
    @Test
    void aReducedRowOfSeveralEntriesVanishesWholeFromTheBufferAndItsBytes() throws Exception {
        open(options());
        write(Row.upsert("h", set("h", "name"), set("h", "city"))); // 2 entries, 10 bytes
        write(Row.of(incr("n", "1")));
        write(Row.upsert("g", "1"));
        write(Row.upsert("h", set("h", "x"))); // replaces both entries of the first row
        write(Row.of(incr("n", "2")));
        writer.flush(false);

        assertThat(store.batches)
                .containsExactly(
                        List.of(incr("n", "1"), set("g", "1"), set("h", "x"), incr("n", "2")));
        assertThat(sunk(SinkMetricNames.ROWS)).isEqualTo(4);
        assertThat(sunk(SinkMetricNames.ENTRIES)).isEqualTo(4);
        assertThat(sunk(SinkMetricNames.BYTES)).isEqualTo(2 + 2 + 2 + 2);
        assertThat(sunk(SinkMetricNames.REDUCED_ROWS)).isEqualTo(1);
    }

    /** The reduce index grows past its first size and tells colliding hashes apart ("Aa"/"BB"). */
    @Test
    void manyKeysAndCollidingHashesAreReducedToTheirOwnLastRow() throws Exception {
        open(options());
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        write(Row.upsert("Aa", "1"));
        write(Row.upsert("BB", "1"));
        for (int i = 0; i < 300; i++) {
            write(Row.upsert("k" + i, "1"));
        }
        for (int i = 0; i < 300; i++) {
            write(Row.upsert("k" + i, "2"));
        }
        write(Row.upsert("BB", "2"));
        writer.flush(false);

        List<KeyValueEntry> batch = store.batches.get(0);
        assertThat(batch).hasSize(302);
        assertThat(batch.get(0)).isEqualTo(set("Aa", "1"));
        for (int i = 0; i < 300; i++) {
            assertThat(batch.get(1 + i)).isEqualTo(set("k" + i, "2"));
        }
        assertThat(batch.get(301)).isEqualTo(set("BB", "2"));
        assertThat(sunk(SinkMetricNames.REDUCED_ROWS)).isEqualTo(301);
    }

    /**
     * Each batch starts a fresh reduce index over a fresh buffer (the list of a confirmed batch,
     * reused): a key of the previous batch must neither reduce a row of this one nor blank the slot
     * it had.
     */
    @Test
    void reductionAndTheReusedBufferStartAfreshWithEveryBatch() throws Exception {
        open(options().maxRows(2));
        write(Row.upsert("a", "1"));
        write(Row.upsert("b", "1")); // batch 1: [a, b]
        write(Row.upsert("c", "1"));
        write(Row.upsert("d", "1")); // batch 2: b had the slot d has now
        write(Row.upsert("b", "2"));
        write(Row.upsert("b", "3")); // reduced within batch 3 only
        write(Row.upsert("e", "1"));
        writer.flush(false);

        assertThat(store.batches)
                .containsExactly(
                        List.of(set("a", "1"), set("b", "1")),
                        List.of(set("c", "1"), set("d", "1")),
                        List.of(set("b", "3"), set("e", "1")));
        assertThat(sunk(SinkMetricNames.REDUCED_ROWS)).isEqualTo(1);
        assertThat(sunk(SinkMetricNames.ENTRIES)).isEqualTo(6);
    }

    @Test
    void aRowThatFailsToConvertLeavesNoneOfItsEntriesInTheBuffer() throws Exception {
        open(options());
        write(Row.upsert("a", "1"));
        assertThatThrownBy(() -> write(Row.failingAfter(set("x", "1"), set("y", "1"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("test-table")
                .hasMessageContaining("column 'v' is bad");
        write(Row.upsert("a", "2")); // the reduce index must still point at a's own entry
        writer.flush(false);

        assertThat(store.batches).containsExactly(List.of(set("a", "2")));
        assertThat(sunk(SinkMetricNames.BYTES)).isEqualTo(2);
    }

    @Test
    void anErrorTheStoreRaisesFailsTheNextWriteOrFlushAsItIs() throws Exception {
        store.then(
                entries ->
                        CompletableFuture.failedFuture(
                                new IOException("WRONGTYPE on key 'a' at 127.0.0.1:6379")));
        open(options().maxRows(1));
        write(Row.of(set("a", "1")));

        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessage("WRONGTYPE on key 'a' at 127.0.0.1:6379");
    }

    @Test
    void closeClosesTheBatchWriterAndDropsTheBuffer() throws Exception {
        open(options());
        write(Row.of(set("a", "1")));
        writer.close();
        writer = null;
        assertThat(store.closed).isTrue();
        assertThat(store.batches).isEmpty();
    }
}
