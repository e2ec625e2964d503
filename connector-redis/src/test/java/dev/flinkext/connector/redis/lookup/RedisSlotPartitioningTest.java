package dev.flinkext.connector.redis.lookup;

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
 * {@link RedisFullCacheLoader} loads a share from the masters of its range only, and from every
 * master while a slot migrates.
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
        Configuration config = Configuration.fromMap(options());
        RedisScanOptions scan = RedisScanOptions.fromConfig(config);
        RedisFullCacheLoader loader =
                new RedisFullCacheLoader(
                        RedisConnectionOptionsResolver.resolve(config),
                        new RedisKeyScanner(
                                RedisRowDecoder.of(MAPPING, null), scan.match(), scan.count()));
        loader.open(ContractTable.restrictedContext());
        return loader;
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
        splits.forEach(s -> nodes.add(((RedisFullCacheLoader.NodeSplit) s).node()));
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
            }
        }
        RedisFullCacheLoader loader = loader();
        try {
            assertThat(nodesOf(loader.splits(LoadScope.all()))).hasSize(3);
            int scanned = 0;
            Map<String, Integer> loaded = new HashMap<>();
            for (int subtask = 0; subtask < 4; subtask++) {
                LoadScope scope = LoadScope.of(subtask, 4, PARTITIONING);
                List<LoadSplit> splits = loader.splits(scope);
                Set<RedisAddress> expected =
                        ownersOf(
                                RedisSlotPartitioning.firstSlotOf(subtask, 4),
                                RedisSlotPartitioning.firstSlotOf(subtask + 1, 4));
                assertThat(nodesOf(splits)).as("subtask %d", subtask).isEqualTo(expected);
                scanned += splits.size();
                for (LoadSplit split : splits) {
                    int owner = subtask;
                    loader.read(
                            split,
                            scope,
                            row -> {
                                RowData keyRow =
                                        GenericRowData.of(row.getString(1), row.getString(0));
                                if (scope.owns(keyRow)) {
                                    loaded.merge(
                                            row.getString(0) + "|" + row.getString(1),
                                            owner,
                                            (a, b) -> -1);
                                }
                            });
                }
            }
            // 3 masters of 5461 slots, 4 ranges of 4096: 1 + 2 + 2 + 1 scans instead of 12
            assertThat(scanned).isEqualTo(6);
            // each key loaded once, by its own subtask: nothing lost by skipping masters
            assertThat(loaded).isEqualTo(subtaskOfKey);
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
        SlotMigration migration = CLUSTER.server().startMigration(slot, target);
        try {
            assertThat(nodesOf(loader.splits(LoadScope.of(0, 4, PARTITIONING)))).hasSize(3);
        } finally {
            migration.finish(100);
            CLUSTER.server().startMigration(slot, source).finish(100);
            loader.close();
        }
        loader = loader();
        try {
            assertThat(nodesOf(loader.splits(LoadScope.of(0, 4, PARTITIONING))))
                    .containsExactly(new RedisAddress(source.host(), source.port()));
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
