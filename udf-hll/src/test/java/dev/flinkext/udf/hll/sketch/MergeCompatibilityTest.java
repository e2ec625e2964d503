package dev.flinkext.udf.hll.sketch;

import io.airlift.slice.Slices;
import io.airlift.stats.cardinality.HyperLogLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Merges (Presto's two-phase aggregation, hll merge) equal airlift's for the same sequence. */
class MergeCompatibilityTest {

    /** A merge of sparse sketches turns dense above 516 entries (airlift's exact-size array). */
    @Test
    void mergeOfSparseSketchesAroundTheSwitch() {
        for (int total = 500; total <= 530; total++) {
            SplittableRandom random = new SplittableRandom(total);
            AirliftTwin left = AirliftTwin.create();
            AirliftTwin right = AirliftTwin.create();
            for (int i = 0; i < total; i++) {
                (i % 2 == 0 ? left : right).addBigint(random.nextLong());
            }
            assertThat(left.ours.isSparse() && right.ours.isSparse()).isTrue();
            left.mergeWith(right);
            left.assertSame("merge of two sparse halves of " + total + " values");
            assertThat(left.ours.isSparse())
                    .as("sparse at %d entries", total)
                    .isEqualTo(total <= 516);
        }
    }

    /** 511 entries: sparse when built by add(), still sparse after a merge; 512-516 differ. */
    @Test
    void addAndMergeSwitchAtDifferentEntryCounts() {
        for (int total = 505; total <= 520; total++) {
            SplittableRandom random = new SplittableRandom(total);
            long[] values = random.longs(total).toArray();
            AirliftTwin added = AirliftTwin.create();
            AirliftTwin mergedA = AirliftTwin.create();
            AirliftTwin mergedB = AirliftTwin.create();
            for (int i = 0; i < total; i++) {
                added.addBigint(values[i]);
                (i < 100 ? mergedA : mergedB).addBigint(values[i]);
            }
            mergedA.mergeWith(mergedB);
            added.assertSame("add() of " + total);
            mergedA.assertSame("merge of " + total);
            assertThat(added.ours.isSparse()).isEqualTo(total <= 511);
            assertThat(mergedA.ours.isSparse()).isEqualTo(total <= 516);
        }
    }

    /**
     * A sketch merged close to the switch, then added to: airlift grows its array by 10 from there.
     */
    @Test
    void addAfterMergeAndAfterDeserialization() {
        for (int start = 505; start <= 516; start++) {
            SplittableRandom random = new SplittableRandom(start);
            AirliftTwin left = AirliftTwin.create();
            AirliftTwin right = AirliftTwin.create();
            for (int i = 0; i < start; i++) {
                (i % 3 == 0 ? left : right).addBigint(random.nextLong());
            }
            left.mergeWith(right);
            AirliftTwin reread = left.copy(); // airlift's copy is a deserialization
            for (int i = 0; i < 15; i++) {
                long value = random.nextLong();
                left.addBigint(value).assertSame("merged " + start + " then " + (i + 1) + " adds");
                reread.addBigint(value)
                        .assertSame("reread " + start + " then " + (i + 1) + " adds");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void randomMergeSequencesOfSparseAndDenseSketches(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<AirliftTwin> parts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            AirliftTwin part = AirliftTwin.create();
            int size = random.nextInt(4) == 0 ? random.nextInt(3000) : random.nextInt(300);
            for (int j = 0; j < size; j++) {
                part.addBigint(random.nextLong(50_000)); // overlapping value ranges
            }
            part.assertSame("part " + i);
            parts.add(part);
        }
        // a global phase merging partial sketches in arrival order, and a tree of merges
        AirliftTwin global = AirliftTwin.create();
        for (int i = 0; i < parts.size(); i++) {
            global.mergeWith(parts.get(i));
            global.assertSame("seed " + seed + ", global after " + (i + 1) + " parts");
        }
        List<AirliftTwin> level = new ArrayList<>();
        for (AirliftTwin part : parts) {
            level.add(part.copy());
        }
        while (level.size() > 1) {
            List<AirliftTwin> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(level.get(i).mergeWith(level.get(i + 1)));
                next.get(next.size() - 1).assertSame("tree merge, level size " + level.size());
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        assertThat(level.get(0).ours.cardinality()).isEqualTo(global.ours.cardinality());
    }

    @Test
    void mergeLeavesTheOtherSketchUnchanged() {
        for (int size : new int[] {10, 5000}) {
            HllSketch other = HllSketch.create();
            for (int i = 0; i < size; i++) {
                other.addBigint(i);
            }
            byte[] before = other.serialize();
            HllSketch target = HllSketch.create();
            target.addBigint(-1);
            target.mergeWith(other);
            HllSketch denseTarget = HllSketch.create();
            for (int i = 0; i < 10_000; i++) {
                denseTarget.addBigint(i * 31L);
            }
            denseTarget.mergeWith(other);
            assertThat(other.serialize()).isEqualTo(before);
        }
    }

    /** Ours merged with theirs (and theirs with ours) equals airlift's merge, byte for byte. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 300, 515, 600, 5_000, 200_000})
    void oursMergedWithTheirsEqualsAirliftsMerge(int otherSize) {
        SplittableRandom random = new SplittableRandom(otherSize);
        for (int ownSize : new int[] {0, 1, 300, 511, 20_000}) {
            HllSketch ours = HllSketch.create();
            HyperLogLog theirs = HyperLogLog.newInstance(4096);
            for (int i = 0; i < ownSize; i++) {
                String value = "goods-" + random.nextInt(1_000_000);
                ours.addVarchar(value);
                theirs.add(Slices.utf8Slice(value));
            }
            HyperLogLog airliftOther = HyperLogLog.newInstance(4096);
            for (int i = 0; i < otherSize; i++) {
                airliftOther.add(Slices.utf8Slice("goods-" + random.nextInt(1_000_000)));
            }
            byte[] otherBytes = airliftOther.serialize().getBytes();

            ours.mergeWith(HllSketch.deserialize(otherBytes));
            theirs.mergeWith(HyperLogLog.newInstance(Slices.wrappedBuffer(otherBytes)));
            assertThat(ours.serialize())
                    .as("ours (%d) merged with airlift's (%d)", ownSize, otherSize)
                    .isEqualTo(theirs.serialize().getBytes());
            assertThat(ours.cardinality()).isEqualTo(theirs.cardinality());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 256, 2048, 65536})
    void mergesAtOtherBucketCounts(int buckets) {
        SplittableRandom random = new SplittableRandom(buckets);
        AirliftTwin global = AirliftTwin.withBuckets(buckets);
        for (int part = 0; part < 12; part++) {
            AirliftTwin partial = AirliftTwin.withBuckets(buckets);
            int size = random.nextInt(buckets / 4 + 10);
            for (int i = 0; i < size; i++) {
                partial.addDouble(random.nextDouble());
            }
            global.mergeWith(partial).assertSame(buckets + " buckets, part " + part);
        }
    }

    /** Dense merges with overflow entries (deltas above 15) on both sides. */
    @Test
    void denseMergeWithOverflowEntries() {
        SplittableRandom random = new SplittableRandom(99);
        AirliftTwin left = AirliftTwin.withBuckets(65536);
        AirliftTwin right = AirliftTwin.withBuckets(65536);
        for (int i = 0; i < 300_000; i++) {
            left.addBigint(random.nextLong());
            right.addBigint(random.nextLong());
        }
        assertThat(overflowEntries(left.ours.serialize(), 65536)).isPositive();
        assertThat(overflowEntries(right.ours.serialize(), 65536)).isPositive();
        left.mergeWith(right).assertSame("merge of two dense sketches with overflows");
    }

    /** Merges after which no bucket sits at the higher baseline, so airlift raises it. */
    @Test
    void denseMergeThatRaisesTheBaseline() {
        int raised = 0;
        for (int seed = 0; seed < 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            AirliftTwin left = AirliftTwin.withBuckets(16);
            AirliftTwin right = AirliftTwin.withBuckets(16);
            for (int i = 0; i < 40; i++) {
                left.addBigint(random.nextLong());
                right.addBigint(random.nextLong());
            }
            int baselineBefore = Math.max(left.ours.serialize()[2], right.ours.serialize()[2]);
            left.mergeWith(right).assertSame("seed " + seed);
            if (left.ours.serialize()[2] > baselineBefore) {
                raised++;
            }
        }
        assertThat(raised).as("merges that raised the baseline").isPositive();
    }

    private static int overflowEntries(byte[] dense, int buckets) {
        assertThat(dense[0]).isEqualTo((byte) 3);
        int at = 3 + buckets / 2;
        return (dense[at] & 0xFF) | (dense[at + 1] & 0xFF) << 8;
    }
}
