package dev.flinkext.lookup.contract;

import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.lookup.full.FullCacheLoader.LoadSplit;
import dev.flinkext.lookup.full.LoadScope;

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
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.flinkext.lookup.contract.ContractTable.ANN;
import static dev.flinkext.lookup.contract.ContractTable.BOB;
import static dev.flinkext.lookup.contract.ContractTable.PRIMARY_KEY;
import static dev.flinkext.lookup.contract.ContractTable.PROJECTION;
import static dev.flinkext.lookup.contract.ContractTable.ROWS;
import static dev.flinkext.lookup.contract.ContractTable.ROW_TYPE;
import static dev.flinkext.lookup.contract.ContractTable.keyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * What every connector's {@link FullCacheLoader} must do, run against the connector's real store. A
 * connector's test extends this class and maps {@link ContractTable} onto its store (see {@link
 * MultiKeyReaderContract} for the pattern); the contract opens the loaders it asks for with {@link
 * #openContext()}, loads them the way {@code FullCachingLookupFunction} does (every split of {@link
 * LoadScope#all()}, all splits at once on their own threads) and closes them.
 *
 * <p>Duplicates, as {@link FullCacheLoader#read} allows: a load may hand over a row more than once,
 * but only within one split (so {@code FullCachingLookupFunction.Builder.deduplicateBy} keeps one);
 * two splits never hold rows of the same primary key.
 */
public abstract class FullCacheLoaderContract {

    private final List<FullCacheLoader> toClose = new ArrayList<>();

    // ------------------------------------------------------------------ what a connector supplies

    /** Removes every row of the contract table from the store; called before each test. */
    protected abstract void emptyStore() throws Exception;

    /**
     * Writes {@code rows} (of {@link ContractTable#ROW_TYPE}, internal data structures) to the
     * store, each replacing the row of its primary key. May be called between loads.
     */
    protected abstract void store(List<? extends RowData> rows) throws Exception;

    /**
     * A loader (not yet opened) of the contract table handing over rows of {@code projection}'s
     * columns in that order, or of every column when null.
     */
    protected abstract FullCacheLoader createLoader(@Nullable int[] projection) throws Exception;

    /**
     * A loader (not yet opened) whose store cannot be reached, at {@link #unreachableAddress()}.
     */
    protected abstract FullCacheLoader createUnreachableLoader() throws Exception;

    /** The address (e.g. {@code host:port}) the unreachable loader's failure must name. */
    protected abstract String unreachableAddress();

    /** The context loaders are opened with; override to offer more. */
    protected FunctionContext openContext() {
        return ContractTable.restrictedContext();
    }

    /** How long one load may take. */
    protected Duration timeout() {
        return Duration.ofSeconds(60);
    }

    // ------------------------------------------------------------------ harness

    @BeforeEach
    final void startFromAnEmptyStore() throws Exception {
        emptyStore();
    }

    @AfterEach
    final void closeLoaders() throws Exception {
        for (FullCacheLoader loader : toClose) {
            loader.close();
        }
        toClose.clear();
    }

    private FullCacheLoader open(FullCacheLoader loader) throws Exception {
        toClose.add(loader);
        loader.open(openContext());
        return loader;
    }

    /** One load: each split's rows, in the order handed over. */
    private Map<LoadSplit, List<RowData>> load(FullCacheLoader loader) throws Exception {
        LoadScope scope = LoadScope.all();
        List<LoadSplit> splits = loader.splits(scope);
        assertThat(splits).as("splits").isNotNull().doesNotContainNull();
        Map<LoadSplit, List<RowData>> rows = Collections.synchronizedMap(new IdentityHashMap<>());
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, splits.size()));
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (LoadSplit split : splits) {
                List<RowData> out = Collections.synchronizedList(new ArrayList<>());
                rows.put(split, out);
                reads.add(
                        threads.submit(
                                () -> {
                                    loader.read(split, scope, out::add);
                                    return null;
                                }));
            }
            long deadline = System.nanoTime() + timeout().toNanos();
            for (Future<?> read : reads) {
                read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new AssertionError("A load did not finish within " + timeout(), e);
        } finally {
            threads.shutdownNow();
        }
        return rows;
    }

    private static List<GenericRowData> allRows(Map<LoadSplit, List<RowData>> load, RowType type) {
        List<GenericRowData> rows = new ArrayList<>();
        load.values()
                .forEach(split -> split.forEach(r -> rows.add(ContractTable.normalize(r, type))));
        return rows;
    }

    /** The distinct rows of a load; a row handed over twice counts once. */
    private static Set<GenericRowData> distinctRows(
            Map<LoadSplit, List<RowData>> load, RowType type) {
        return new LinkedHashSet<>(allRows(load, type));
    }

    // ------------------------------------------------------------------ the contract

    @Test
    void loadsEveryStoredRowWithItsValues() throws Exception {
        store(ROWS);
        FullCacheLoader loader = open(createLoader(null));

        assertThat(distinctRows(load(loader), ROW_TYPE)).containsExactlyInAnyOrderElementsOf(ROWS);
    }

    @Test
    void splitsNeverShareAPrimaryKey() throws Exception {
        store(ROWS);
        FullCacheLoader loader = open(createLoader(null));

        Map<RowData, LoadSplit> splitOfKey = new HashMap<>();
        for (Map.Entry<LoadSplit, List<RowData>> split : load(loader).entrySet()) {
            for (RowData row : split.getValue()) {
                RowData key = keyOf(ContractTable.normalize(row, ROW_TYPE), PRIMARY_KEY);
                LoadSplit earlier = splitOfKey.putIfAbsent(key, split.getKey());
                assertThat(earlier == null || earlier == split.getKey())
                        .as(
                                "key %s handed over by %s and by %s: a row may repeat only"
                                        + " within its split",
                                key, earlier, split.getKey())
                        .isTrue();
            }
        }
    }

    @Test
    void anEmptyStoreLoadsNoRows() throws Exception {
        FullCacheLoader loader = open(createLoader(null));

        assertThat(allRows(load(loader), ROW_TYPE)).isEmpty();
    }

    @Test
    void aProjectedLoaderHandsOverTheProjectedColumnsInOrder() throws Exception {
        store(ROWS);
        FullCacheLoader loader = open(createLoader(PROJECTION));
        RowType projected = ContractTable.projectedType(PROJECTION);

        Map<LoadSplit, List<RowData>> load = load(loader);

        for (List<RowData> split : load.values()) {
            for (RowData row : split) {
                assertThat(row.getArity()).as("width of a projected row").isEqualTo(3);
            }
        }
        assertThat(distinctRows(load, projected))
                .containsExactlyInAnyOrderElementsOf(
                        ROWS.stream().map(r -> ContractTable.project(r, PROJECTION)).toList());
    }

    @Test
    void aStoreFailureFailsTheLoadNamingTheAddress() throws Exception {
        FullCacheLoader loader = createUnreachableLoader();
        Throwable failure = null;
        Map<LoadSplit, List<RowData>> loaded = null;
        try {
            loaded = load(open(loader)); // open, splits or read may fail
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure)
                .as("a load from an unreachable store must fail, not load %s", loaded)
                .isNotNull();
        assertThat(failure.getMessage())
                .as("the failure's message (%s)", failure)
                .contains(unreachableAddress());
    }

    @Test
    void aReloadSeesTheStoreAsItIsNow() throws Exception {
        store(List.of(ANN));
        FullCacheLoader loader = open(createLoader(null));
        assertThat(distinctRows(load(loader), ROW_TYPE)).containsExactly(ANN);

        GenericRowData changed = ContractTable.row(1, "a", "ann, renamed", "11.00");
        store(List.of(changed, BOB));

        assertThat(distinctRows(load(loader), ROW_TYPE))
                .as("the second load of one opened loader")
                .containsExactlyInAnyOrder(changed, BOB);
    }

    @Test
    void everyRowHandedOverIsANewInstance() throws Exception {
        store(ROWS);
        FullCacheLoader loader = open(createLoader(null));

        List<RowData> rows = new ArrayList<>();
        load(loader).values().forEach(rows::addAll);

        Set<RowData> instances = Collections.newSetFromMap(new IdentityHashMap<>());
        instances.addAll(rows);
        assertThat(instances)
                .as("the cache keeps each row as it is: no object reuse")
                .hasSameSizeAs(rows);
    }

    @Test
    void closeWithoutOpenDoesNotThrow() throws Exception {
        FullCacheLoader loader = createLoader(null);
        assertThatCode(loader::close).doesNotThrowAnyException();
    }
}
