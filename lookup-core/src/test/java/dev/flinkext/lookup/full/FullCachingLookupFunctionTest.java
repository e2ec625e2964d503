package dev.flinkext.lookup.full;

import dev.flinkext.lookup.LookupSettings;
import dev.flinkext.lookup.config.FullCacheOptions;
import dev.flinkext.lookup.config.LookupCoreOptions;
import dev.flinkext.lookup.partition.FieldHashKeyPartitioning;
import dev.flinkext.lookup.partition.KeyPartitioning;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.connector.source.LookupRuntimeProviderContext;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FullCachingLookupFunctionTest {

    private static final RowType ROW =
            RowType.of(
                    new org.apache.flink.table.types.logical.LogicalType[] {
                        new IntType(), VarCharType.STRING_TYPE
                    },
                    new String[] {"id", "name"});

    private final List<FullCachingLookupFunction> opened = new ArrayList<>();

    @AfterEach
    void closeFunctions() throws Exception {
        for (FullCachingLookupFunction function : opened) {
            function.close();
        }
    }

    private static RowData row(int id, String name) {
        return GenericRowData.of(id, StringData.fromString(name));
    }

    private static RowData key(int id) {
        return GenericRowData.of(id); // what LookupFunction.eval builds for the planner
    }

    /** n splits; split s holds ids s*perSplit .. s*perSplit+perSplit-1 named prefix+id. */
    private static List<List<RowData>> table(int splits, int perSplit, String prefix) {
        List<List<RowData>> data = new ArrayList<>();
        for (int s = 0; s < splits; s++) {
            List<RowData> rows = new ArrayList<>();
            for (int i = 0; i < perSplit; i++) {
                int id = s * perSplit + i;
                rows.add(row(id, prefix + id));
            }
            data.add(rows);
        }
        return data;
    }

    private static FullCacheOptions options(int loadParallelism) {
        Configuration config = new Configuration();
        config.set(LookupOptions.FULL_CACHE_PERIODIC_RELOAD_INTERVAL, Duration.ofHours(1));
        config.set(LookupCoreOptions.FULL_CACHE_LOAD_PARALLELISM, loadParallelism);
        return FullCacheOptions.fromConfig(config);
    }

    private static FullCachingLookupFunction function(
            InMemoryFullCacheLoader loader, ManualReloadTrigger trigger, int loadParallelism) {
        return FullCachingLookupFunction.builder("dim", loader, ROW, new int[][] {{0}})
                .options(options(loadParallelism))
                .reloadTrigger(trigger)
                .build();
    }

    private FullCachingLookupFunction open(
            FullCachingLookupFunction function, TestFunctionContext context) throws Exception {
        function.open(context);
        opened.add(function);
        return function;
    }

    private static List<String> names(java.util.Collection<RowData> rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.getString(1).toString()));
        return names;
    }

    @Test
    void firstLoadThenHitsAndMisses() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(3, 4, "v");
        TestFunctionContext context = TestFunctionContext.single();
        FullCachingLookupFunction function =
                open(function(loader, new ManualReloadTrigger(), 2), context);

        assertThat(names(function.lookup(key(5)))).containsExactly("v5");
        assertThat(names(function.lookup(key(11)))).containsExactly("v11");
        assertThat(function.lookup(key(12))).isEmpty();

        assertThat(context.counter("cache.hitCount")).isEqualTo(2);
        assertThat(context.counter("cache.missCount")).isEqualTo(1);
        assertThat(context.counter("cache.loadCount")).isEqualTo(1);
        assertThat(context.counter("cache.numLoadFailures")).isZero();
        assertThat(context.gauge("cache.numCachedRecords")).isEqualTo(12L);
        assertThat(context.gauge("cache.hitRate")).isEqualTo(2.0 / 3);
        assertThat((Long) context.gauge("cache.numCachedBytes")).isGreaterThan(12L * 16);
        assertThat((Long) context.gauge("cache.latestLoadTime")).isNotNegative();
        assertThat(context.counter("cache.numReloads")).isZero();
        assertThat(context.gauge("cache.lastReloadFailed")).isEqualTo(0);
        assertThat(loader.state().opens).hasValue(1);
    }

    @Test
    void keysWithSeveralRowsReturnAllOfThem() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = List.of(List.of(row(1, "a"), row(2, "b")), List.of(row(1, "c")));
        FullCachingLookupFunction function =
                open(function(loader, new ManualReloadTrigger(), 2), TestFunctionContext.single());

        assertThat(names(function.lookup(key(1)))).containsExactlyInAnyOrder("a", "c");
        assertThatThrownBy(() -> function.lookup(key(1)).add(row(9, "x")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void deduplicatedLoadKeepsTheLastRowReadOfEachPrimaryKey() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        // One split returning key 1 twice, as a Redis SCAN may during a rehash.
        loader.state().data =
                List.of(List.of(row(1, "old"), row(2, "b"), row(1, "new")), List.of(row(3, "c")));
        TestFunctionContext context = TestFunctionContext.single();
        FullCachingLookupFunction function =
                open(
                        FullCachingLookupFunction.builder("dim", loader, ROW, new int[][] {{0}})
                                .options(options(2))
                                .reloadTrigger(new ManualReloadTrigger())
                                .deduplicateBy(KeyProjection.ofIndices(ROW, 0))
                                .build(),
                        context);

        assertThat(names(function.lookup(key(1)))).containsExactly("new");
        assertThat(names(function.lookup(key(2)))).containsExactly("b");
        assertThat(names(function.lookup(key(3)))).containsExactly("c");
        assertThat(context.gauge("cache.numCachedRecords")).isEqualTo(3L);
    }

    /** The same, wired by a connector through the provider builder with produced positions. */
    @Test
    void theProviderBuilderDeduplicatesFullLoadsByTheGivenKey() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = List.of(List.of(row(1, "old"), row(2, "b"), row(1, "new")));
        Configuration config = new Configuration();
        config.set(LookupOptions.CACHE_TYPE, LookupOptions.LookupCacheType.FULL);
        config.setString("lookup.full-cache.periodic-reload.interval", "1 h");
        LookupSettings settings = LookupSettings.fromConfig(config);
        var context = new LookupRuntimeProviderContext(new int[][] {{0}}, false);

        LookupFunctionProvider deduplicated =
                (LookupFunctionProvider)
                        settings.provider("dim", context, ROW)
                                .fullLoader(loader)
                                .deduplicateFullLoadsBy(0)
                                .build();
        LookupFunctionProvider kept =
                (LookupFunctionProvider)
                        settings.provider("dim", context, ROW).fullLoader(loader).build();

        FullCachingLookupFunction once =
                open(
                        (FullCachingLookupFunction) deduplicated.createLookupFunction(),
                        TestFunctionContext.single());
        assertThat(names(once.lookup(key(1)))).containsExactly("new");
        FullCachingLookupFunction both =
                open(
                        (FullCachingLookupFunction) kept.createLookupFunction(),
                        TestFunctionContext.single());
        assertThat(names(both.lookup(key(1)))).containsExactlyInAnyOrder("old", "new");
        assertThatThrownBy(() -> settings.provider("dim", context, ROW).deduplicateFullLoadsBy(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the produced row");
    }

    @Test
    void reloadSeesNewData() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(2, 2, "old");
        ManualReloadTrigger trigger = new ManualReloadTrigger();
        TestFunctionContext context = TestFunctionContext.single();
        FullCachingLookupFunction function = open(function(loader, trigger, 2), context);
        assertThat(names(function.lookup(key(1)))).containsExactly("old1");

        List<List<RowData>> changed = table(2, 2, "new");
        changed.get(1).add(row(99, "new99"));
        loader.state().data = changed;
        trigger.fire().get(30, TimeUnit.SECONDS);

        assertThat(names(function.lookup(key(1)))).containsExactly("new1");
        assertThat(names(function.lookup(key(99)))).containsExactly("new99");
        assertThat(context.counter("cache.loadCount")).isEqualTo(2);
        assertThat(context.counter("cache.numReloads")).isEqualTo(1);
        assertThat(context.gauge("cache.numCachedRecords")).isEqualTo(5L);
    }

    @Test
    void failedReloadKeepsServingTheOldCopy() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(3, 2, "old");
        ManualReloadTrigger trigger = new ManualReloadTrigger();
        TestFunctionContext context = TestFunctionContext.single();
        FullCachingLookupFunction function = open(function(loader, trigger, 2), context);

        loader.state().data = table(3, 2, "new");
        loader.state().failingSplits.add(1);
        // the trigger's future completes normally: a failed reload must not stop its schedule
        trigger.fire().get(30, TimeUnit.SECONDS);

        assertThat(names(function.lookup(key(0)))).containsExactly("old0");
        assertThat(names(function.lookup(key(5)))).containsExactly("old5");
        assertThat(context.counter("cache.numLoadFailures")).isEqualTo(1);
        assertThat(context.counter("cache.numReloadFailures")).isEqualTo(1);
        assertThat(context.counter("cache.numReloads")).isEqualTo(1);
        assertThat(context.gauge("cache.lastReloadFailed")).isEqualTo(1);
        assertThat(context.counter("cache.loadCount")).isEqualTo(1);

        loader.state().failingSplits.clear();
        trigger.fire().get(30, TimeUnit.SECONDS);
        assertThat(names(function.lookup(key(0)))).containsExactly("new0");
        assertThat(context.gauge("cache.lastReloadFailed")).isEqualTo(0);
        assertThat(context.counter("cache.numReloads")).isEqualTo(2);
        assertThat(context.counter("cache.loadCount")).isEqualTo(2);
    }

    @Test
    void failedFirstLoadFailsOpenWithTableSplitAndCause() {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(3, 2, "v");
        loader.state().failingSplits.add(2);
        ManualReloadTrigger trigger = new ManualReloadTrigger();
        FullCachingLookupFunction function = function(loader, trigger, 2);

        assertThatThrownBy(() -> function.open(TestFunctionContext.single()))
                .hasMessageContaining("first load of the FULL lookup cache of dim failed")
                .hasMessageContaining("memory-split-2")
                .hasMessageContaining("injected failure in split 2")
                .hasRootCauseMessage("injected failure in split 2");
        // nothing left behind: loader closed, trigger closed, no shared copy registered
        assertThat(loader.state().closes).hasValue(1);
        assertThat(trigger.isClosed()).isTrue();
    }

    @Test
    void failedFirstLoadCanBeRetriedByANewOpen() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(1, 2, "v");
        loader.state().failingSplits.add(0);
        FullCachingLookupFunction function = function(loader, new ManualReloadTrigger(), 1);
        FullCachingLookupFunction restarted = InstantiationUtil.clone(function);
        assertThatThrownBy(() -> function.open(TestFunctionContext.single()))
                .hasMessageContaining("injected failure");

        loader.state().failingSplits.clear(); // as after a task restart
        open(restarted, TestFunctionContext.single());
        assertThat(names(restarted.lookup(key(1)))).containsExactly("v1");
    }

    @Test
    void readsAllSplitsInParallelOnLoadParallelismThreads() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(10, 50, "v");
        // splits 0..2 wait until all three run at once: the load would time out otherwise
        loader.state().barrier = new CyclicBarrier(3);
        TestFunctionContext context = TestFunctionContext.single();
        FullCachingLookupFunction function =
                open(function(loader, new ManualReloadTrigger(), 3), context);

        assertThat(loader.state().readSplits).hasSize(10);
        assertThat(loader.state().maxRunning.get()).isEqualTo(3);
        assertThat(context.gauge("cache.numCachedRecords")).isEqualTo(500L);
        for (int id = 0; id < 500; id++) {
            assertThat(names(function.lookup(key(id)))).containsExactly("v" + id);
        }
    }

    @Test
    void reloadRequestsDuringALoadJoinIt() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(1, 1, "v");
        ManualReloadTrigger trigger = new ManualReloadTrigger();
        open(function(loader, trigger, 1), TestFunctionContext.single());
        int splitCallsAfterOpen = loader.state().splitCalls.get();

        // block the next load in its split until a second party (the test) arrives
        CyclicBarrier barrier = new CyclicBarrier(2);
        loader.state().barrier = barrier;
        CompletableFuture<Void> first = trigger.fire();
        CompletableFuture<Void> second = trigger.fire();
        barrier.await(30, TimeUnit.SECONDS);
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);

        assertThat(loader.state().splitCalls.get() - splitCallsAfterOpen).isEqualTo(1);
        assertThat(loader.state().maxRunning.get()).isEqualTo(1);
    }

    @Test
    void defaultScopeIsAllAndNeedsNoTaskInfo() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(2, 1, "v");
        TestFunctionContext context = new TestFunctionContext(1, 3);
        open(function(loader, new ManualReloadTrigger(), 2), context);

        assertThat(loader.state().scopes).isNotEmpty().containsOnly(LoadScope.all());
        assertThat(context.taskInfoRequested()).isFalse();
    }

    @Test
    void aPartitionedFunctionKeepsOnlyItsKeysAndFailsOnAForeignOne() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(4, 50, "v");
        KeyPartitioning partitioning = FieldHashKeyPartitioning.of(List.of(new IntType()));
        FullCachingLookupFunction function =
                FullCachingLookupFunction.builder("dim", loader, ROW, new int[][] {{0}})
                        .options(options(2))
                        .reloadTrigger(new ManualReloadTrigger())
                        .partitioned(partitioning)
                        .build();
        open(function, new TestFunctionContext(2, 4));

        // splits() and every read() got the share of subtask 2 of 4
        assertThat(loader.state().scopes)
                .hasSize(5)
                .allMatch(s -> s.subtask() == 2 && s.numSubtasks() == 4);
        List<Integer> own = new ArrayList<>();
        for (int id = 0; id < 200; id++) {
            if (partitioning.subtaskOf(key(id), 4) == 2) {
                own.add(id);
                assertThat(names(function.lookup(key(id)))).containsExactly("v" + id);
            }
        }
        assertThat(own).hasSizeBetween(20, 80); // about a quarter of 200
        assertThat(function.numCachedKeys()).isEqualTo(own.size());

        int foreign = 0;
        while (partitioning.subtaskOf(key(foreign), 4) == 2) {
            foreign++;
        }
        int foreignKey = foreign;
        assertThatThrownBy(() -> function.lookup(key(foreignKey)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds only the keys of subtask 2 of 4")
                .hasMessageContaining("not partitioned");
    }

    @Test
    void subtasksOfOneTaskManagerShareOneCopy() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(2, 2, "v");
        ManualReloadTrigger trigger = new ManualReloadTrigger();
        FullCachingLookupFunction planned = function(loader, trigger, 2);
        // every subtask deserializes its own copy of the planned function
        FullCachingLookupFunction subtask0 = InstantiationUtil.clone(planned);
        FullCachingLookupFunction subtask1 = InstantiationUtil.clone(planned);
        TestFunctionContext context0 = new TestFunctionContext(0, 2);
        TestFunctionContext context1 = new TestFunctionContext(1, 2);
        subtask0.open(context0);
        subtask1.open(context1);

        assertThat(loader.state().splitCalls).hasValue(1); // loaded once
        assertThat(loader.state().opens).hasValue(1);
        subtask0.lookup(key(1));
        subtask1.lookup(key(7));
        assertThat(context0.counter("cache.hitCount")).isEqualTo(1);
        assertThat(context1.counter("cache.missCount")).isEqualTo(1);

        subtask0.close();
        assertThat(loader.state().closes).hasValue(0);
        assertThat(names(subtask1.lookup(key(3)))).containsExactly("v3");
        subtask1.close();
        assertThat(loader.state().closes).hasValue(1);
        assertThat(trigger.isClosed()).isTrue();
    }

    @Test
    void closeStopsTheTriggerAndClosesTheLoader() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(1, 1, "v");
        ManualReloadTrigger trigger = new ManualReloadTrigger();
        FullCachingLookupFunction function = function(loader, trigger, 1);
        function.open(TestFunctionContext.single());
        function.close();

        assertThat(trigger.isClosed()).isTrue();
        assertThat(loader.state().closes).hasValue(1);
        // a late trigger fire after close does not load again
        int splitCalls = loader.state().splitCalls.get();
        trigger.fire().get(30, TimeUnit.SECONDS);
        assertThat(loader.state().splitCalls).hasValue(splitCalls);
    }

    @Test
    void survivesSerialization() throws Exception {
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(2, 2, "v");
        FullCachingLookupFunction function = function(loader, new ManualReloadTrigger(), 2);

        FullCachingLookupFunction copy =
                InstantiationUtil.deserializeObject(
                        InstantiationUtil.serializeObject(function), getClass().getClassLoader());
        assertThat(copy.tableName()).isEqualTo("dim");
        assertThat(copy.options()).isEqualTo(function.options());
        assertThat(copy.partitioning()).isNull();
        open(copy, TestFunctionContext.single());
        assertThat(names(copy.lookup(key(2)))).containsExactly("v2");
    }

    @Test
    void usesTheTriggerOfTheOptionsWhenNoneIsGiven() throws Exception {
        // PERIODIC every hour: Flink's trigger fires once at open, which joins the first load
        InMemoryFullCacheLoader loader = InMemoryFullCacheLoader.create();
        loader.state().data = table(1, 1, "v");
        FullCachingLookupFunction function =
                FullCachingLookupFunction.builder("dim", loader, ROW, new int[][] {{0}})
                        .options(options(1))
                        .build();
        open(function, TestFunctionContext.single());
        assertThat(names(function.lookup(key(0)))).containsExactly("v0");
    }
}
