package dev.flinkext.lookup.contract;

import dev.flinkext.lookup.batch.MultiKeyReader;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.flinkext.lookup.contract.ContractTable.ANN;
import static dev.flinkext.lookup.contract.ContractTable.BOB;
import static dev.flinkext.lookup.contract.ContractTable.K1;
import static dev.flinkext.lookup.contract.ContractTable.K2;
import static dev.flinkext.lookup.contract.ContractTable.NO_NAME;
import static dev.flinkext.lookup.contract.ContractTable.PRIMARY_KEY;
import static dev.flinkext.lookup.contract.ContractTable.PROJECTION;
import static dev.flinkext.lookup.contract.ContractTable.ROWS;
import static dev.flinkext.lookup.contract.ContractTable.ROW_TYPE;
import static dev.flinkext.lookup.contract.ContractTable.TEXT_EMPTY;
import static dev.flinkext.lookup.contract.ContractTable.TEXT_NULL;
import static dev.flinkext.lookup.contract.ContractTable.key;
import static dev.flinkext.lookup.contract.ContractTable.keyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

/**
 * What every connector's {@link MultiKeyReader} must do, run against the connector's real store. A
 * connector's test extends this class and maps {@link ContractTable} onto its store:
 *
 * <pre>{@code
 * class MyStoreMultiKeyReaderContractTest extends MultiKeyReaderContract {
 *     @RegisterExtension static final MyStoreExtension STORE = ...;
 *
 *     protected void emptyStore() { STORE.flush(); }
 *     protected void store(List<? extends RowData> rows) { ... write each row ... }
 *     protected MultiKeyReader createReader(int[] keyColumns, int[] projection) { ... }
 *     protected MultiKeyReader createUnreachableReader(int[] keyColumns) { ... }
 *     protected String unreachableAddress() { return "127.0.0.1:" + closedPort; }
 * }
 * }</pre>
 *
 * The contract opens and closes the readers it asks for, with {@link #openContext()}: no runtime
 * context, as a partial cache's refresh-ahead reader gets. Each test starts from {@link
 * #emptyStore()}.
 */
public abstract class MultiKeyReaderContract {

    private final List<MultiKeyReader> toClose = new ArrayList<>();

    // ------------------------------------------------------------------ what a connector supplies

    /** Removes every row of the contract table from the store; called before each test. */
    protected abstract void emptyStore() throws Exception;

    /**
     * Writes {@code rows} (of {@link ContractTable#ROW_TYPE}, internal data structures) to the
     * store, each replacing the row of its primary key. May be called while readers are open.
     */
    protected abstract void store(List<? extends RowData> rows) throws Exception;

    /**
     * A reader (not yet opened) of the contract table whose key rows hold the values of {@code
     * keyColumns} in that order (as a lookup join's {@code LookupContext.getKeys()}, mapped to
     * physical columns), returning rows of {@code projection}'s columns in that order, or of every
     * column when null. The contract asks for {@code keyColumns} {@code {0, 1}} and {@code {1, 0}}.
     */
    protected abstract MultiKeyReader createReader(int[] keyColumns, @Nullable int[] projection)
            throws Exception;

    /**
     * A reader (not yet opened) whose store cannot be reached, at {@link #unreachableAddress()}:
     * e.g. a port nobody listens on. {@link MultiKeyReader#open} must succeed (connect lazily, or
     * let the store go away once opened); its reads must fail.
     */
    protected abstract MultiKeyReader createUnreachableReader(int[] keyColumns) throws Exception;

    /** The address (e.g. {@code host:port}) the unreachable reader's failures must name. */
    protected abstract String unreachableAddress();

    /** The context readers are opened with; override to offer more. */
    protected FunctionContext openContext() {
        return ContractTable.restrictedContext();
    }

    /** How long a read may take. */
    protected Duration timeout() {
        return Duration.ofSeconds(30);
    }

    // ------------------------------------------------------------------ harness

    @BeforeEach
    final void startFromAnEmptyStore() throws Exception {
        emptyStore();
    }

    @AfterEach
    final void closeReaders() throws Exception {
        for (MultiKeyReader reader : toClose) {
            reader.close();
        }
        toClose.clear();
    }

    private MultiKeyReader open(MultiKeyReader reader) throws Exception {
        toClose.add(reader);
        reader.open(openContext());
        return reader;
    }

    private MultiKeyReader openReader(int[] keyColumns, @Nullable int[] projection)
            throws Exception {
        return open(createReader(keyColumns, projection));
    }

    private Map<RowData, Collection<RowData>> read(MultiKeyReader reader, List<RowData> keys)
            throws Exception {
        CompletableFuture<Map<RowData, Collection<RowData>>> future = reader.readAll(keys);
        assertThat(future).as("readAll's future").isNotNull();
        try {
            Map<RowData, Collection<RowData>> result =
                    future.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
            assertThat(result).as("readAll's result").isNotNull();
            return result;
        } catch (TimeoutException e) {
            throw new AssertionError("readAll did not complete within " + timeout(), e);
        }
    }

    /** The rows found for {@code key}, as GenericRowData of {@code type}; empty for a miss. */
    private static List<GenericRowData> rowsOf(
            Map<RowData, Collection<RowData>> result, RowData key, RowType type) {
        Collection<RowData> rows = result.get(key);
        List<GenericRowData> normalized = new ArrayList<>();
        if (rows != null) {
            for (RowData row : rows) {
                normalized.add(ContractTable.normalize(row, type));
            }
        }
        return normalized;
    }

    private static List<RowData> keysOf(List<? extends RowData> rows, int[] keyColumns) {
        List<RowData> keys = new ArrayList<>();
        for (RowData row : rows) {
            keys.add(keyOf(row, keyColumns));
        }
        return keys;
    }

    // ------------------------------------------------------------------ the contract

    @Test
    void readsTheRowsOfEveryKeyWithTheValuesStored() throws Exception {
        store(ROWS);
        MultiKeyReader reader = openReader(PRIMARY_KEY, null);

        Map<RowData, Collection<RowData>> result = read(reader, keysOf(ROWS, PRIMARY_KEY));

        for (GenericRowData row : ROWS) {
            assertThat(rowsOf(result, keyOf(row, PRIMARY_KEY), ROW_TYPE))
                    .as("the rows of key %s", keyOf(row, PRIMARY_KEY))
                    .containsExactly(row);
        }
        assertThat(result.keySet())
                .as("the result holds only keys of the batch")
                .isSubsetOf(keysOf(ROWS, PRIMARY_KEY));
    }

    @Test
    void aKeyTheStoreLacksIsAMiss() throws Exception {
        store(List.of(ANN, NO_NAME));
        MultiKeyReader reader = openReader(PRIMARY_KEY, null);
        RowData absent = key(4, "a"); // k2 of both rows stored
        RowData absentPartner = key(1, "b"); // k1 of ANN: only the whole key counts

        Map<RowData, Collection<RowData>> result =
                read(reader, List.of(absent, keyOf(ANN, PRIMARY_KEY), absentPartner));

        assertThat(rowsOf(result, absent, ROW_TYPE)).as("absent key").isEmpty();
        assertThat(rowsOf(result, absentPartner, ROW_TYPE)).as("absent key").isEmpty();
        assertThat(rowsOf(result, keyOf(ANN, PRIMARY_KEY), ROW_TYPE)).containsExactly(ANN);
    }

    @Test
    void theSameKeyTwiceInOneBatchIsAnsweredOnceWithItsRowsOnce() throws Exception {
        store(ROWS);
        MultiKeyReader reader = openReader(PRIMARY_KEY, null);
        RowData ann = keyOf(ANN, PRIMARY_KEY);
        RowData annAgain = key(1, "a"); // an equal, other instance

        Map<RowData, Collection<RowData>> result =
                read(reader, List.of(ann, keyOf(BOB, PRIMARY_KEY), annAgain));

        assertThat(result.get(ann)).as("the rows of the key given twice").hasSize(1);
        assertThat(rowsOf(result, ann, ROW_TYPE)).containsExactly(ANN);
        assertThat(rowsOf(result, keyOf(BOB, PRIMARY_KEY), ROW_TYPE)).containsExactly(BOB);
        assertThat(result).hasSize(2);
    }

    @Test
    void anEmptyBatchCompletesWithAnEmptyMap() throws Exception {
        store(ROWS);
        MultiKeyReader reader = openReader(PRIMARY_KEY, null);

        assertThat(read(reader, List.of())).isEmpty();
    }

    @Test
    void anEmptyBatchNeedsNoStore() throws Exception {
        MultiKeyReader reader = open(createUnreachableReader(PRIMARY_KEY));

        assertThat(read(reader, List.of()))
                .as("an empty batch completes, with nothing, even when the store is down")
                .isEmpty();
    }

    @Test
    void aStoreFailureCompletesTheFutureExceptionallyNamingTheAddress() throws Exception {
        MultiKeyReader reader = open(createUnreachableReader(PRIMARY_KEY));

        CompletableFuture<Map<RowData, Collection<RowData>>> future;
        try {
            future = reader.readAll(List.of(keyOf(ANN, PRIMARY_KEY)));
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "readAll threw instead of completing its future exceptionally", e);
        }
        Throwable failure = null;
        try {
            Map<RowData, Collection<RowData>> result =
                    future.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
            fail("A read from an unreachable store completed with " + result);
        } catch (ExecutionException e) {
            failure = unwrap(e);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "A read from an unreachable store did not fail within " + timeout(), e);
        }
        assertThat(failure.getMessage())
                .as("the failure's message (%s)", failure)
                .contains(unreachableAddress());
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Test
    void aKeyWithANullPartIsAMissNotAnError() throws Exception {
        store(ROWS); // k2 'null' and '' exist for k1 = 3: a NULL must match neither
        MultiKeyReader reader = openReader(PRIMARY_KEY, null);
        RowData nullK2 = key(3, null);
        RowData nullK1 = key(null, "a");

        Map<RowData, Collection<RowData>> result =
                read(reader, List.of(nullK2, keyOf(ANN, PRIMARY_KEY), nullK1));

        assertThat(rowsOf(result, nullK2, ROW_TYPE)).as("k2 NULL").isEmpty();
        assertThat(rowsOf(result, nullK1, ROW_TYPE)).as("k1 NULL").isEmpty();
        assertThat(rowsOf(result, keyOf(ANN, PRIMARY_KEY), ROW_TYPE))
                .as("the other key of the batch")
                .containsExactly(ANN);
    }

    @Test
    void partitionOfIsTheSameForEqualKeysAndTakesNullParts() throws Exception {
        store(ROWS);
        MultiKeyReader reader = openReader(PRIMARY_KEY, null);

        for (GenericRowData row : ROWS) {
            Object partition = reader.partitionOf(keyOf(row, PRIMARY_KEY));
            assertThat(partition).isNotNull();
            assertThat(reader.partitionOf(key(row.getInt(K1), row.getString(K2).toString())))
                    .isEqualTo(partition);
        }
        assertThatCode(() -> reader.partitionOf(key(3, null))).doesNotThrowAnyException();
        assertThatCode(() -> reader.partitionOf(key(null, "a"))).doesNotThrowAnyException();
    }

    @Test
    void aProjectedReaderReturnsTheProjectedColumnsInOrder() throws Exception {
        store(ROWS);
        MultiKeyReader reader = openReader(PRIMARY_KEY, PROJECTION);
        RowType projected = ContractTable.projectedType(PROJECTION);

        Map<RowData, Collection<RowData>> result = read(reader, keysOf(ROWS, PRIMARY_KEY));

        for (GenericRowData row : ROWS) {
            RowData key = keyOf(row, PRIMARY_KEY);
            assertThat(result.get(key)).as("rows of %s", key).isNotNull().hasSize(1);
            assertThat(result.get(key).iterator().next().getArity())
                    .as("width of a projected row")
                    .isEqualTo(PROJECTION.length);
            assertThat(rowsOf(result, key, projected))
                    .as("the projected row of %s", key)
                    .containsExactly(ContractTable.project(row, PROJECTION));
        }
    }

    @Test
    void keyRowsFollowTheOrderOfTheKeyColumns() throws Exception {
        store(ROWS);
        int[] reversed = {K2, K1};
        MultiKeyReader reader = openReader(reversed, null);

        Map<RowData, Collection<RowData>> result = read(reader, keysOf(ROWS, reversed));

        for (GenericRowData row : ROWS) {
            assertThat(rowsOf(result, keyOf(row, reversed), ROW_TYPE))
                    .as("rows of key (k2, k1) %s", keyOf(row, reversed))
                    .containsExactly(row);
        }
    }

    @Test
    void readsSeeTheStoreAsItIsNow() throws Exception {
        store(List.of(ANN));
        MultiKeyReader reader = openReader(PRIMARY_KEY, null);
        RowData ann = keyOf(ANN, PRIMARY_KEY);
        RowData bob = keyOf(BOB, PRIMARY_KEY);
        assertThat(rowsOf(read(reader, List.of(ann, bob)), bob, ROW_TYPE)).isEmpty();

        GenericRowData changed = ContractTable.row(1, "a", "ann, renamed", "11.00");
        store(List.of(changed, BOB));
        Map<RowData, Collection<RowData>> result = read(reader, List.of(ann, bob));

        assertThat(rowsOf(result, ann, ROW_TYPE))
                .as("a reader caches nothing: lookup-core's caches do")
                .containsExactly(changed);
        assertThat(rowsOf(result, bob, ROW_TYPE)).containsExactly(BOB);
    }

    @Test
    void concurrentReadsEachGetTheirOwnKeys() throws Exception {
        store(ROWS);
        MultiKeyReader reader = openReader(PRIMARY_KEY, null);
        List<List<GenericRowData>> batches =
                List.of(
                        List.of(ANN, TEXT_NULL),
                        List.of(BOB),
                        List.of(NO_NAME, TEXT_EMPTY),
                        List.of(TEXT_EMPTY, ANN),
                        List.of(TEXT_NULL, BOB, NO_NAME),
                        List.of(NO_NAME));
        List<CompletableFuture<Map<RowData, Collection<RowData>>>> futures = new ArrayList<>();
        for (List<GenericRowData> batch : batches) { // all in flight at once
            futures.add(reader.readAll(keysOf(batch, PRIMARY_KEY)));
        }
        for (int i = 0; i < batches.size(); i++) {
            Map<RowData, Collection<RowData>> result =
                    futures.get(i).get(timeout().toMillis(), TimeUnit.MILLISECONDS);
            assertThat(result.keySet())
                    .as("keys answered to batch %d", i)
                    .containsExactlyInAnyOrderElementsOf(keysOf(batches.get(i), PRIMARY_KEY));
            for (GenericRowData row : batches.get(i)) {
                assertThat(rowsOf(result, keyOf(row, PRIMARY_KEY), ROW_TYPE)).containsExactly(row);
            }
        }
    }

    @Test
    void closeWithoutOpenDoesNotThrow() throws Exception {
        // Flink closes a function whose open failed
        MultiKeyReader reader = createReader(PRIMARY_KEY, null);
        assertThatCode(reader::close).doesNotThrowAnyException();
    }
}
