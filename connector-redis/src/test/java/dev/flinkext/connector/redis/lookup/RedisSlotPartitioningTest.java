package dev.flinkext.connector.redis.lookup;

import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptionsResolver;
import dev.flinkext.connector.redis.config.RedisScanOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.config.RedisTableMappingResolver;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder;
import dev.flinkext.connector.redis.source.RedisKeyScanner;
import dev.flinkext.lookup.contract.ContractTable;
import dev.flinkext.lookup.full.FullCacheLoader.LoadSplit;
import dev.flinkext.lookup.full.LoadScope;
import dev.flinkext.testing.redis.RedisClusterExtension;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.SlotMigration;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.writer.BinaryRowWriter;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisSlotPartitioning}: the slot it computes is the one the cluster reports ({@code
 * CLUSTER KEYSLOT}) for the Redis key the reader builds, and subtasks own contiguous slot ranges;
 * {@link RedisFullCacheLoader} loads a share from exactly the slots of its range (STRING and HASH
 * tables, fetching each table key once), and scans every master while a slot migrates.
 */
class RedisSlotPartitioningTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.embedded();

    /** {@code (a, b, v)} keyed by {@code (a, b)}: Redis key {@code t:<a>|<b>}. */
    private static final RedisTableMapping MAPPING =
            RedisTableMappingResolver.resolve(
                    List.of("a", "b", "v"),
                    List.<LogicalType>of(
                            new VarCharType(false, 100),
                            new VarCharType(false, 100),
                            new VarCharType()),
                    List.of("a", "b"),
                    Configuration.fromMap(Map.of("key-prefix", "t:", "key.separator", "|")),
                    false);

    /** Looked up by (b, a): the key row's order is not the Redis key's. */
    private static final RedisSlotPartitioning PARTITIONING =
            RedisSlotPartitioning.of(
                    RedisLookupKeys.of("t", MAPPING, new int[][] {new int[] {1}, new int[] {0}}));

    private static RowData keyRow(String a, String b) {
        return GenericRowData.of(StringData.fromString(b), StringData.fromString(a));
    }

    /** 2000 (a, b) pairs: plain, hash tags (also empty, unclosed, second), non-ASCII. */
    private static List<String[]> keys() {
        Random random = new Random(42);
        String[] tags = {"{user1}", "{ключ}", "{用户}", "{}", "{", "}{x}", "{a}{b}", "{🙂}", ""};
        List<String[]> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String a =
                    switch (i % 5) {
                        case 0 -> "k" + i;
                        case 1 -> tags[random.nextInt(tags.length)] + i;
                        case 2 -> "ä" + i + "€";
                        case 3 -> i + tags[random.nextInt(tags.length)];
                        default -> "日本" + random.nextInt(100000);
                    };
            String b = i % 3 == 0 ? "{" + (i % 17) + "}" : "x" + i;
            keys.add(new String[] {a, b});
        }
        return keys;
    }

    @Test
    void theSlotIsTheOneTheClusterReportsForTheReadersKey() throws Exception {
        RedisSlotPartitioning shipped = InstantiationUtil.clone(PARTITIONING);
        int[] perSubtask = new int[4];
        try (Jedis jedis = CLUSTER.server().masters().get(0).newJedis()) {
            for (String[] key : keys()) {
                String redisKey = "t:" + key[0] + "|" + key[1];
                int slot = (int) jedis.clusterKeySlot(redisKey);
                RowData row = keyRow(key[0], key[1]);
                assertThat(PARTITIONING.slotOf(row)).as(redisKey).isEqualTo(slot);
                // the copy the planner ships, and the binary row it hands over, agree
                assertThat(shipped.slotOf(binaryRow(key[1], key[0]))).as(redisKey).isEqualTo(slot);
                int subtask = PARTITIONING.subtaskOf(row, 4);
                assertThat(subtask).isEqualTo(slot * 4 / RedisSlotPartitioning.SLOTS);
                assertThat(slot)
                        .isBetween(
                                RedisSlotPartitioning.firstSlotOf(subtask, 4),
                                RedisSlotPartitioning.firstSlotOf(subtask + 1, 4) - 1);
                perSubtask[subtask]++;
            }
        }
        assertThat(Arrays.stream(perSubtask).min().getAsInt())
                .as("keys of the least subtask")
                .isGreaterThan(300);
    }

    @Test
    void subtasksOwnContiguousSlotRangesOfEqualSize() {
        for (int n : new int[] {1, 2, 3, 4, 5, 7, 16, 100, 1000, 16384}) {
            int previous = 0;
            for (int slot = 0; slot < RedisSlotPartitioning.SLOTS; slot++) {
                int subtask = RedisSlotPartitioning.subtaskOfSlot(slot, n);
                // non-decreasing in steps of at most one: contiguous ranges, none skipped
                assertThat(subtask - previous).as("n=%d slot=%d", n, slot).isBetween(0, 1);
                previous = subtask;
            }
            assertThat(previous).isEqualTo(n - 1);
            assertThat(RedisSlotPartitioning.firstSlotOf(0, n)).isZero();
            assertThat(RedisSlotPartitioning.firstSlotOf(n, n))
                    .isEqualTo(RedisSlotPartitioning.SLOTS);
            for (int subtask = 0; subtask < n; subtask++) {
                int first = RedisSlotPartitioning.firstSlotOf(subtask, n);
                int end = RedisSlotPartitioning.firstSlotOf(subtask + 1, n);
                assertThat(RedisSlotPartitioning.subtaskOfSlot(first, n)).isEqualTo(subtask);
                assertThat(RedisSlotPartitioning.subtaskOfSlot(end - 1, n)).isEqualTo(subtask);
                assertThat(end - first)
                        .isBetween(
                                RedisSlotPartitioning.SLOTS / n,
                                RedisSlotPartitioning.SLOTS / n + 1);
            }
        }
        // more subtasks than slots: some own none, every slot still has one
        assertThat(RedisSlotPartitioning.subtaskOfSlot(16383, 20000)).isLessThan(20000);
    }

    @Test
    void aNullKeyColumnGoesToTheFirstSubtask() {
        GenericRowData row = GenericRowData.of(null, StringData.fromString("a"));
        assertThat(PARTITIONING.subtaskOf(row, 4)).isZero();
        assertThat(PARTITIONING.subtaskOf(keyRow("a", "b"), 1)).isZero();
    }

    private static Map<String, String> options() {
        return Map.of(
                "mode",
                "cluster",
                "nodes",
                String.join(",", CLUSTER.server().nodes()),
                "key-prefix",
                "t:",
                "key.separator",
                "|");
    }

    private static RedisFullCacheLoader loader() throws Exception {
        return loader(RedisRowDecoder.of(MAPPING, null), Map.of());
    }

    private static RedisFullCacheLoader loader(RedisRowDecoder decoder, Map<String, String> extra)
            throws Exception {
        Map<String, String> all = new HashMap<>(options());
        all.putAll(extra);
        Configuration config = Configuration.fromMap(all);
        RedisScanOptions scan = RedisScanOptions.fromConfig(config);
        RedisFullCacheLoader loader =
                new RedisFullCacheLoader(
                        RedisConnectionOptionsResolver.resolve(config),
                        new RedisKeyScanner(decoder, scan.match(), scan.count()));
        loader.open(ContractTable.restrictedContext());
        return loader;
    }

    /** The master serving each slot, by the first master's CLUSTER SLOTS. */
    private static RedisAddress[] slotOwners() {
        RedisAddress[] owners = new RedisAddress[RedisSlotPartitioning.SLOTS];
        try (Jedis jedis = CLUSTER.server().masters().get(0).newJedis()) {
            for (Object range : jedis.clusterSlots()) {
                List<?> entry = (List<?>) range;
                List<?> node = (List<?>) entry.get(2);
                RedisAddress owner =
                        new RedisAddress(
                                new String((byte[]) node.get(0), StandardCharsets.UTF_8),
                                ((Long) node.get(1)).intValue());
                for (long slot = (Long) entry.get(0); slot <= (Long) entry.get(1); slot++) {
                    owners[(int) slot] = owner;
                }
            }
        }
        return owners;
    }

    /**
     * Checks that {@code splits} are slot splits covering exactly {@code subtask}'s slot range,
     * each on the master serving its slots; marks the slots in {@code covered}.
     */
    private static void assertSlotSplitsCoverTheRange(
            List<LoadSplit> splits, int subtask, int n, RedisAddress[] owners, int[] covered) {
        int first = RedisSlotPartitioning.firstSlotOf(subtask, n);
        int end = RedisSlotPartitioning.firstSlotOf(subtask + 1, n);
        for (LoadSplit split : splits) {
            assertThat(split)
                    .as("subtask %d", subtask)
                    .isInstanceOf(RedisFullCacheLoader.SlotSplit.class);
            RedisFullCacheLoader.SlotSplit slots = (RedisFullCacheLoader.SlotSplit) split;
            assertThat(slots.firstSlot()).isLessThan(slots.endSlot());
            assertThat(slots.endSlot() - slots.firstSlot())
                    .isLessThanOrEqualTo(RedisFullCacheLoader.MAX_SLOTS_PER_SPLIT);
            assertThat(slots.toString())
                    .contains(slots.node().toString())
                    .contains(slots.firstSlot() + "-" + (slots.endSlot() - 1));
            for (int slot = slots.firstSlot(); slot < slots.endSlot(); slot++) {
                assertThat(slot).as("%s of subtask %d", split, subtask).isBetween(first, end - 1);
                assertThat(slots.node()).as("owner of slot %d", slot).isEqualTo(owners[slot]);
                covered[slot]++;
            }
        }
    }

    /** keyspace_hits + keyspace_misses of every master: the keys read by GET, MGET, HGETALL... */
    private static long keysLookedUp() {
        long total = 0;
        for (RedisServer master : CLUSTER.server().masters()) {
            try (Jedis jedis = master.newJedis()) {
                for (String line : jedis.info("stats").split("\r?\n")) {
                    if (line.startsWith("keyspace_hits:") || line.startsWith("keyspace_misses:")) {
                        total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            }
        }
        return total;
    }

    private static long calls(String command) {
        return CLUSTER.server().masters().stream().mapToLong(m -> m.commandCalls(command)).sum();
    }

    private static void resetStats() {
        CLUSTER.server().masters().forEach(RedisServer::resetStats);
    }

    /** The masters owning a slot of {@code [first, end)}, by the cluster's own CLUSTER SLOTS. */
    private static Set<RedisAddress> ownersOf(int first, int end) {
        Set<RedisAddress> owners = new HashSet<>();
        for (RedisServer master : CLUSTER.server().masters()) {
            try (Jedis jedis = master.newJedis()) {
                String nodes = jedis.clusterNodes();
                for (String line : nodes.split("\n")) {
                    if (!line.contains("myself")) {
                        continue;
                    }
                    String[] fields = line.split(" ");
                    for (int f = 8; f < fields.length; f++) {
                        if (fields[f].startsWith("[")) {
                            continue;
                        }
                        String[] range = fields[f].split("-");
                        int from = Integer.parseInt(range[0]);
                        int to = Integer.parseInt(range[range.length - 1]);
                        if (from < end && to >= first) {
                            owners.add(new RedisAddress(master.host(), master.port()));
                        }
                    }
                }
            }
        }
        return owners;
    }

    private static Set<RedisAddress> nodesOf(List<LoadSplit> splits) {
        Set<RedisAddress> nodes = new LinkedHashSet<>();
        splits.forEach(
                s ->
                        nodes.add(
                                s instanceof RedisFullCacheLoader.SlotSplit slots
                                        ? slots.node()
                                        : ((RedisFullCacheLoader.NodeSplit) s).node()));
        return nodes;
    }

    @Test
    void aShareLoadsFromTheMastersOfItsSlotRangeAndFindsAllItsKeys() throws Exception {
        CLUSTER.server().flushAll();
        Map<String, Integer> subtaskOfKey = new HashMap<>();
        try (JedisCluster jedis = CLUSTER.server().newJedisCluster()) {
            for (String[] key : keys()) {
                jedis.set("t:" + key[0] + "|" + key[1], "v");
                subtaskOfKey.put(
                        key[0] + "|" + key[1], PARTITIONING.subtaskOf(keyRow(key[0], key[1]), 4));
                // in (often) the same slots: another prefix, and the other type under the prefix
                jedis.set("u:" + key[0] + "|" + key[1], "other prefix");
                jedis.set("t" + key[0] + "|" + key[1], "no separator after the prefix");
                jedis.hset("t:" + key[0] + "|h" + key[1], "v", "a hash");
            }
        }
        RedisAddress[] owners = slotOwners();
        RedisFullCacheLoader loader = loader();
        try {
            assertThat(nodesOf(loader.splits(LoadScope.all()))).hasSize(3);
            int[] covered = new int[RedisSlotPartitioning.SLOTS];
            Map<String, Integer> loaded = new HashMap<>();
            for (int subtask = 0; subtask < 4; subtask++) {
                LoadScope scope = LoadScope.of(subtask, 4, PARTITIONING);
                List<LoadSplit> splits = loader.splits(scope);
                Set<RedisAddress> expected =
                        ownersOf(
                                RedisSlotPartitioning.firstSlotOf(subtask, 4),
                                RedisSlotPartitioning.firstSlotOf(subtask + 1, 4));
                assertThat(nodesOf(splits)).as("subtask %d", subtask).isEqualTo(expected);
                assertSlotSplitsCoverTheRange(splits, subtask, 4, owners, covered);
                // 4096 slots in splits of at most 512: several splits to load in parallel
                assertThat(splits.size()).isGreaterThanOrEqualTo(8);
                for (LoadSplit split : splits) {
                    int owner = subtask;
                    loader.read(
                            split,
                            scope,
                            row -> {
                                RowData keyRow =
                                        GenericRowData.of(row.getString(1), row.getString(0));
                                // a slot read hands over the share's own keys only
                                assertThat(scope.owns(keyRow)).as("%s", row).isTrue();
                                loaded.merge(
                                        row.getString(0) + "|" + row.getString(1),
                                        owner,
                                        (a, b) -> -1);
                            });
                }
            }
            // the splits of the 4 shares cover every slot exactly once
            assertThat(Arrays.stream(covered).distinct().toArray()).containsExactly(1);
            // each key loaded once, by its own subtask: nothing lost, no other prefix or type
            assertThat(loaded).isEqualTo(subtaskOfKey);
        } finally {
            loader.close();
        }
    }

    /**
     * The point of slot splits: a partitioned load fetches each table key once (the server's own
     * keyspace_hits/misses), where scanning the masters of each share fetched a key once per share
     * on its master.
     */
    @Test
    void aPartitionedLoadFetchesEachTableKeyOnce() throws Exception {
        CLUSTER.server().flushAll();
        List<String[]> keys = keys();
        try (JedisCluster jedis = CLUSTER.server().newJedisCluster()) {
            for (String[] key : keys) {
                jedis.set("t:" + key[0] + "|" + key[1], "v");
                jedis.set("u:" + key[0] + "|" + key[1], "other prefix");
            }
        }
        RedisFullCacheLoader loader = loader();
        try {
            resetStats();
            long rows = loadShares(loader, false);
            long slotLookups = keysLookedUp();
            long slotMgets = calls("mget");
            long slotCluster = calls("cluster");
            assertThat(rows).isEqualTo(keys.size());
            assertThat(slotLookups).as("keys fetched by the 4 shares").isEqualTo(keys.size());
            assertThat(calls("scan")).isZero();
            assertThat(calls("get")).isZero();

            resetStats();
            long scanned = loadShares(loader, true);
            long scanLookups = keysLookedUp();
            System.out.printf(
                    "partitioned FULL load, 4 shares of %d keys on 3 masters: slot splits fetched"
                            + " %d keys (%d MGET, %d CLUSTER calls); master scans fetched %d keys"
                            + " (%d GET, %d SCAN calls), %d rows before the cache's filter%n",
                    keys.size(),
                    slotLookups,
                    slotMgets,
                    slotCluster,
                    scanLookups,
                    calls("get"),
                    calls("scan"),
                    scanned);
            assertThat(scanLookups).isGreaterThan(keys.size());
        } finally {
            loader.close();
        }
    }

    /** Reads the 4 shares' splits (or scans of the masters of each share) and counts the rows. */
    private static long loadShares(RedisFullCacheLoader loader, boolean scanMasters)
            throws Exception {
        long[] rows = {0};
        for (int subtask = 0; subtask < 4; subtask++) {
            LoadScope scope = LoadScope.of(subtask, 4, PARTITIONING);
            List<LoadSplit> splits = loader.splits(scope);
            if (scanMasters) {
                splits =
                        nodesOf(splits).stream()
                                .map(n -> (LoadSplit) new RedisFullCacheLoader.NodeSplit(n))
                                .toList();
            }
            for (LoadSplit split : splits) {
                loader.read(split, scope, row -> rows[0]++);
            }
        }
        return rows[0];
    }

    /** (a, b, v) keyed by (a, b) as a HASH (field v): Redis key {@code t:<a>|<b>}. */
    private static final RedisTableMapping HASH_MAPPING =
            RedisTableMappingResolver.resolve(
                    List.of("a", "b", "v"),
                    List.<LogicalType>of(
                            new VarCharType(false, 100),
                            new VarCharType(false, 100),
                            new VarCharType()),
                    List.of("a", "b"),
                    Configuration.fromMap(
                            Map.of("key-prefix", "t:", "key.separator", "|", "data-type", "hash")),
                    false);

    @Test
    void aHashTableShareLoadsItsHashesOnlyWithEveryReadOfValues() throws Exception {
        CLUSTER.server().flushAll();
        Map<String, Integer> subtaskOfKey = new HashMap<>();
        try (JedisCluster jedis = CLUSTER.server().newJedisCluster()) {
            for (String[] key : keys()) {
                jedis.hset("t:" + key[0] + "|" + key[1], "v", key[0]);
                subtaskOfKey.put(
                        key[0] + "|" + key[1], PARTITIONING.subtaskOf(keyRow(key[0], key[1]), 4));
                jedis.set("t:" + key[0] + "|s" + key[1], "a string under the prefix");
                jedis.hset("u:" + key[0] + "|" + key[1], "v", "other prefix");
            }
        }
        RedisAddress[] owners = slotOwners();
        RedisRowDecoder all = RedisRowDecoder.of(HASH_MAPPING, null);
        // HGETALL, HMGET (a projection), no value at all (only key columns)
        for (RedisRowDecoder decoder :
                List.of(
                        all,
                        all.withProjection(new int[] {0, 1, 2}),
                        all.withProjection(new int[] {0, 1}))) {
            RedisFullCacheLoader loader = loader(decoder, Map.of());
            try {
                int[] covered = new int[RedisSlotPartitioning.SLOTS];
                Map<String, Integer> loaded = new HashMap<>();
                for (int subtask = 0; subtask < 4; subtask++) {
                    LoadScope scope = LoadScope.of(subtask, 4, PARTITIONING);
                    List<LoadSplit> splits = loader.splits(scope);
                    assertSlotSplitsCoverTheRange(splits, subtask, 4, owners, covered);
                    for (LoadSplit split : splits) {
                        int owner = subtask;
                        loader.read(
                                split,
                                scope,
                                row -> {
                                    if (row.getArity() == 3) {
                                        assertThat(row.getString(2)).isEqualTo(row.getString(0));
                                    }
                                    loaded.merge(
                                            row.getString(0) + "|" + row.getString(1),
                                            owner,
                                            (a, b) -> -1);
                                });
                    }
                }
                assertThat(Arrays.stream(covered).distinct().toArray()).containsExactly(1);
                assertThat(loaded).as("%s", decoder.valueRead()).isEqualTo(subtaskOfKey);
            } finally {
                loader.close();
            }
        }
    }

    /** A key under the prefix that is not the table's key fails the slot read, naming it all. */
    @Test
    void aKeyThatDoesNotParseFailsTheSlotReadNamingTheNodeTheSlotsAndTheKey() throws Exception {
        CLUSTER.server().flushAll();
        String bad = "t:{odd}no-separator";
        int slot = JedisClusterCRC16.getSlot(bad);
        try (JedisCluster jedis = CLUSTER.server().newJedisCluster()) {
            jedis.set(bad, "v");
        }
        RedisFullCacheLoader loader = loader();
        try {
            LoadScope scope =
                    LoadScope.of(RedisSlotPartitioning.subtaskOfSlot(slot, 4), 4, PARTITIONING);
            LoadSplit split =
                    loader.splits(scope).stream()
                            .filter(
                                    s ->
                                            ((RedisFullCacheLoader.SlotSplit) s).firstSlot() <= slot
                                                    && slot
                                                            < ((RedisFullCacheLoader.SlotSplit) s)
                                                                    .endSlot())
                            .findFirst()
                            .orElseThrow();
            RedisServer owner = CLUSTER.server().ownerOf(slot);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> loader.read(split, scope, row -> {}))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining(owner.host() + ":" + owner.port())
                    .hasMessageContaining("hash slots")
                    .hasMessageContaining(bad);
        } finally {
            loader.close();
        }
    }

    /** A slot holding more keys than one GETKEYSINSLOT asks for is still read whole. */
    @Test
    void aSlotWithMoreKeysThanTheCountIsReadWhole() throws Exception {
        CLUSTER.server().flushAll();
        int slot = JedisClusterCRC16.getSlot("big");
        Set<String> expected = new HashSet<>();
        try (JedisCluster jedis = CLUSTER.server().newJedisCluster()) {
            for (int i = 0; i < 137; i++) {
                jedis.set("t:{big}" + i + "|x", "v");
                expected.add("{big}" + i + "|x");
                jedis.set("u:{big}" + i + "|x", "other prefix, same slot");
            }
        }
        // the server caps the reply (and its allocation) at the keys the slot holds
        try (Jedis jedis = CLUSTER.server().ownerOf(slot).newJedis()) {
            assertThat(jedis.clusterGetKeysInSlot(slot, 1_000_000_000)).hasSize(274);
        }
        RedisFullCacheLoader loader =
                loader(RedisRowDecoder.of(MAPPING, null), Map.of("scan.count", "5"));
        try {
            int subtask = RedisSlotPartitioning.subtaskOfSlot(slot, 4);
            LoadScope scope = LoadScope.of(subtask, 4, PARTITIONING);
            Set<String> loaded = new HashSet<>();
            int[] rows = {0};
            for (LoadSplit split : loader.splits(scope)) {
                loader.read(
                        split,
                        scope,
                        row -> {
                            rows[0]++;
                            loaded.add(row.getString(0) + "|" + row.getString(1));
                        });
            }
            assertThat(loaded).isEqualTo(expected);
            assertThat(rows[0]).isEqualTo(expected.size());
        } finally {
            loader.close();
        }
    }

    @Test
    void whileASlotMigratesAShareLoadsFromEveryMaster() throws Exception {
        List<RedisServer> masters = CLUSTER.server().masters();
        // a slot of subtask 0's range (the first master's) moving to the last master
        int slot = 100;
        RedisServer source = CLUSTER.server().ownerOf(slot);
        RedisServer target = masters.get(masters.size() - 1);
        assertThat(target).isNotEqualTo(source);
        RedisFullCacheLoader loader = loader();
        RedisClientProvider clients =
                RedisClientProvider.create(
                        RedisConnectionOptionsResolver.resolve(Configuration.fromMap(options())));
        Set<RedisAddress> sourceOnly = Set.of(new RedisAddress(source.host(), source.port()));
        assertThat(clients.slotMasters(0, 4096))
                .hasValueSatisfying(m -> assertThat(Set.copyOf(m)).isEqualTo(sourceOnly));
        assertThat(clients.mastersOfSlots(0, 4096)).containsExactlyElementsOf(sourceOnly);
        SlotMigration migration = CLUSTER.server().startMigration(slot, target);
        try {
            // the keys of slot 100 are on two masters now: the slot map is not exact
            assertThat(clients.slotMasters(0, 4096)).isEmpty();
            assertThat(clients.mastersOfSlots(0, 4096)).hasSize(3);
            List<LoadSplit> splits = loader.splits(LoadScope.of(0, 4, PARTITIONING));
            assertThat(nodesOf(splits)).hasSize(3);
            // the slot map is not exact: whole-master scans, not slot reads
            assertThat(splits).allMatch(s -> s instanceof RedisFullCacheLoader.NodeSplit);
        } finally {
            migration.finish(100);
            CLUSTER.server().startMigration(slot, source).finish(100);
            loader.close();
            clients.close();
        }
        loader = loader();
        try {
            List<LoadSplit> splits = loader.splits(LoadScope.of(0, 4, PARTITIONING));
            assertThat(nodesOf(splits))
                    .containsExactly(new RedisAddress(source.host(), source.port()));
            assertThat(splits).allMatch(s -> s instanceof RedisFullCacheLoader.SlotSplit);
        } finally {
            loader.close();
        }
    }

    private static BinaryRowData binaryRow(String first, String second) {
        BinaryRowData row = new BinaryRowData(2);
        BinaryRowWriter writer = new BinaryRowWriter(row);
        writer.writeString(0, StringData.fromString(first));
        writer.writeString(1, StringData.fromString(second));
        writer.complete();
        return row;
    }
}
