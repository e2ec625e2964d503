package dev.flinkext.lookup.partition;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

class HotKeyDetectionTest {

    private static final List<LogicalType> STRING_KEY = List.of(VarCharType.STRING_TYPE);
    private static final int KEYS = 100_000;
    private static final int ROWS = 400_000;
    private static final int CHANNELS = 4;
    // the defaults of lookup.shuffle.hot-keys.detect-threshold / -window / hot-key-spread
    private static final double THRESHOLD = 0.01;
    private static final int WINDOW = 10_000;
    private static final int ALL = Integer.MAX_VALUE;

    private static RowData key(String value) {
        return GenericRowData.of(StringData.fromString(value));
    }

    /** Ranks 0..KEYS-1 drawn from Zipf(s = 1.2), seeded. */
    private static int[] zipfRanks(long seed) {
        double[] cumulative = new double[KEYS];
        double sum = 0;
        for (int rank = 0; rank < KEYS; rank++) {
            sum += Math.pow(rank + 1, -1.2);
            cumulative[rank] = sum;
        }
        Random random = new Random(seed);
        int[] ranks = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            int found = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
            ranks[i] = Math.min(found >= 0 ? found : -found - 1, KEYS - 1);
        }
        return ranks;
    }

    private static double maxOverMean(long[] counts) {
        long max = Arrays.stream(counts).max().orElseThrow();
        return max / (Arrays.stream(counts).sum() / (double) counts.length);
    }

    /**
     * The hottest key alone has 19.6% of the rows under Zipf(1.2) over 100,000 keys; how far above
     * 1.5 the busiest of 4 subtasks gets without detection depends on where the ten or so next
     * hottest keys hash: with the expected shares, 1.86 for keys 'user-<rank>', 1.57 for BIGINT ids
     * from 1, 1.56 for 'k<rank>', 1.53 for 'u-<rank>', 1.31 for BIGINT ids from 0. The first is the
     * one asserted clearly above 1.5; detection brings every one of them to 1.5 or below.
     */
    @Test
    void detectionEvensOutAZipfStreamAndLeavesColdKeysOnTheirSubtask() {
        int[] ranks = zipfRanks(42);
        Balance users = balance(ranks, STRING_KEY, rank -> key("user-" + rank));
        assertThat(users.without).isGreaterThan(1.8);
        assertThat(users.with).isLessThanOrEqualTo(1.5);

        assertThat(balance(ranks, STRING_KEY, rank -> key("u-" + rank)).with)
                .isLessThanOrEqualTo(1.5);
        assertThat(balance(ranks, STRING_KEY, rank -> key("k" + rank)).with)
                .isLessThanOrEqualTo(1.5);
        List<LogicalType> longKey = List.of(new BigIntType());
        assertThat(balance(ranks, longKey, rank -> GenericRowData.of((long) rank)).with)
                .isLessThanOrEqualTo(1.5);
        assertThat(balance(ranks, longKey, rank -> GenericRowData.of(rank + 1L)).with)
                .isLessThanOrEqualTo(1.5);
    }

    private record Balance(double without, double with) {}

    /**
     * Routes the rows of {@code ranks} with and without detection (the option defaults) over 4
     * channels, checking on the way that cold keys keep their subtask and the hottest is spread.
     */
    private static Balance balance(
            int[] ranks, List<LogicalType> keyTypes, IntFunction<RowData> keyOf) {
        RowData[] keys = new RowData[KEYS];
        for (int rank = 0; rank < KEYS; rank++) {
            keys[rank] = keyOf.apply(rank);
        }
        KeyPartitioning base = FieldHashKeyPartitioning.of(keyTypes);
        HotKeySpreading detecting =
                new HotKeySpreading(
                        base,
                        keyTypes,
                        Set.of(),
                        ALL,
                        new HotKeyDetector(keyTypes, THRESHOLD, WINDOW));

        long[] without = new long[CHANNELS];
        long[] with = new long[CHANNELS];
        long coldRowsElsewhere = 0;
        long coldRows = 0;
        boolean[] hottestChannels = new boolean[CHANNELS];
        for (int rank : ranks) {
            RowData key = keys[rank];
            int home = base.subtaskOf(key, CHANNELS);
            int channel = detecting.subtaskOf(key, CHANNELS);
            without[home]++;
            with[channel]++;
            if (rank == 0) {
                hottestChannels[channel] = true;
            }
            // a share below 1/30 of the threshold
            if (rank >= 200) {
                coldRows++;
                if (channel != home) {
                    coldRowsElsewhere++;
                }
            }
        }
        System.out.printf(
                "Zipf(1.2) over %d keys (%s), %d rows, %d channels: max/mean %.3f without"
                        + " detection %s, %.3f with %s%n",
                KEYS,
                keys[0],
                ROWS,
                CHANNELS,
                maxOverMean(without),
                Arrays.toString(without),
                maxOverMean(with),
                Arrays.toString(with));
        assertThat(hottestChannels).containsOnly(true);
        assertThat(coldRows).isGreaterThan(ROWS / 10);
        assertThat(coldRowsElsewhere).isZero();
        assertThat(detecting.isDeterministic()).isFalse();
        assertThat(new KeyPartitioner(detecting).isDeterministic()).isFalse();
        return new Balance(maxOverMean(without), maxOverMean(with));
    }

    @Test
    void aKeyThatStopsBeingHotIsForgottenWithinTwoWindows() {
        HotKeyDetector detector = new HotKeyDetector(STRING_KEY, 0.05, 1_000);
        RowData hot = key("hot");
        int cold = 0;
        // the first window: nothing is hot yet
        for (int i = 0; i < 500; i++) {
            assertThat(detector.offer(hot)).isFalse();
            assertThat(detector.offer(key("c" + cold++))).isFalse();
        }
        // then every other row: hot, and the cold keys (each seen once) are not
        for (int i = 0; i < 1_000; i++) {
            assertThat(detector.offer(hot)).isTrue();
            assertThat(detector.offer(key("c" + cold++))).isFalse();
        }
        // the key stops; right after, its rows are still its recent share
        for (int i = 0; i < 100; i++) {
            detector.offer(key("c" + cold++));
        }
        assertThat(detector.offer(hot)).isTrue();
        // two windows without it: forgotten
        for (int i = 0; i < 2_000; i++) {
            detector.offer(key("c" + cold++));
        }
        assertThat(detector.offer(hot)).isFalse();

        // and in the partitioner: its rows go back to its own subtask
        KeyPartitioning base = FieldHashKeyPartitioning.of(STRING_KEY);
        HotKeySpreading spreading =
                new HotKeySpreading(
                        base, STRING_KEY, Set.of(), 2, new HotKeyDetector(STRING_KEY, 0.05, 1_000));
        int home = base.subtaskOf(hot, 4);
        boolean spread = false;
        for (int i = 0; i < 3_000; i++) {
            spread |= spreading.subtaskOf(hot, 4) != home;
            spreading.subtaskOf(key("c" + cold++), 4);
        }
        assertThat(spread).isTrue();
        for (int i = 0; i < 2_000; i++) {
            spreading.subtaskOf(key("c" + cold++), 4);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(spreading.subtaskOf(hot, 4)).isEqualTo(home);
        }
    }

    @Test
    void aDeserializedCopyStartsCountingAfresh() throws Exception {
        KeyPartitioning base = FieldHashKeyPartitioning.of(STRING_KEY);
        HotKeySpreading spreading =
                new HotKeySpreading(
                        base,
                        STRING_KEY,
                        HotKeyValues.parse("dim", STRING_KEY, List.of("named")),
                        ALL,
                        new HotKeyDetector(STRING_KEY, 0.05, 1_000));
        RowData hot = key("hot");
        int home = base.subtaskOf(hot, 4);
        long spreadBefore = 0;
        for (int i = 0; i < 2_000; i++) {
            spreadBefore += spreading.subtaskOf(hot, 4) != home ? 1 : 0;
        }
        assertThat(spreadBefore).isGreaterThan(0);

        HotKeySpreading copy = InstantiationUtil.clone(spreading, getClass().getClassLoader());
        // no counts came along: the first window of the copy routes the key to its own subtask
        for (int i = 0; i < 999; i++) {
            assertThat(copy.subtaskOf(hot, 4)).isEqualTo(home);
        }
        // then the copy detects it by its own counts
        long spreadAfter = 0;
        for (int i = 0; i < 1_000; i++) {
            spreadAfter += copy.subtaskOf(hot, 4) != home ? 1 : 0;
        }
        assertThat(spreadAfter).isGreaterThan(0);
        // named hot keys came along
        int namedHome = base.subtaskOf(key("named"), 4);
        assertThat(copy.owns(key("named"), (namedHome + 3) % 4, 4)).isTrue();
        assertThat(copy.isDeterministic()).isFalse();
        assertThat(copy.toString()).contains("HotKeyDetector{threshold=0.05, window=1000 rows}");
    }

    @Test
    void memoryIsBoundedByTheThreshold() {
        assertThat(new HotKeyDetector(STRING_KEY, 0.01, 10_000).counters())
                .isEqualTo(2 * HotKeyDetector.DEPTH * 2048);
        assertThat(new HotKeyDetector(STRING_KEY, 0.001, 10_000).counters())
                .isEqualTo(2 * HotKeyDetector.DEPTH * 16_384);
    }

    @Test
    void countingAllocatesNothingPerRow() {
        List<LogicalType> longKey = List.of(new BigIntType());
        RowData[] keys = new RowData[1_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = GenericRowData.of((long) i * 1_000_003);
        }
        HotKeyDetector detector = new HotKeyDetector(longKey, 0.01, 10_000);
        for (int i = 0; i < 50_000; i++) {
            detector.offer(keys[i % keys.length]);
        }
        var threads =
                (com.sun.management.ThreadMXBean)
                        java.lang.management.ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(threadId);
        boolean anyHot = false;
        for (int i = 0; i < 200_000; i++) {
            anyHot |= detector.offer(keys[(i * 7) % keys.length]);
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertThat(anyHot).isFalse();
        // far below one object per row (16 bytes x 200,000 rows)
        assertThat(allocated).isLessThan(200_000L);
    }
}
