package dev.flinkext.udf.hll.sketch;

import io.airlift.slice.Slices;
import io.airlift.stats.cardinality.HyperLogLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Airlift's sketches read by us: same cardinality, same bytes when written back. */
class DeserializationTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 511, 512, 2_000, 50_000, 500_000})
    void airliftSketchesAreAcceptedWithTheSameCardinality(int size) {
        for (int buckets : new int[] {16, 4096, 65536}) {
            SplittableRandom random = new SplittableRandom(size + buckets);
            HyperLogLog theirs = HyperLogLog.newInstance(buckets);
            for (int i = 0; i < size; i++) {
                theirs.add(random.nextLong());
            }
            byte[] bytes = theirs.serialize().getBytes();
            HllSketch ours = HllSketch.deserialize(bytes);
            assertThat(ours.cardinality())
                    .as("%d values, %d buckets", size, buckets)
                    .isEqualTo(theirs.cardinality());
            assertThat(ours.serialize()).isEqualTo(bytes);
            assertThat(ours.numberOfBuckets()).isEqualTo(buckets);
        }
    }

    @Test
    void ourBytesAreReadByAirlift() {
        HllSketch ours = HllSketch.create();
        for (int i = 0; i < 100_000; i++) {
            ours.addBigint(i);
            if (i == 10 || i == 99_999) {
                HyperLogLog theirs =
                        HyperLogLog.newInstance(Slices.wrappedBuffer(ours.serialize()));
                assertThat(theirs.cardinality()).isEqualTo(ours.cardinality());
            }
        }
    }

    /** Old Presto wrote dense v1 (one overflow slot); airlift still reads it and writes v2. */
    @Test
    void denseV1IsReadAndWrittenBackAsV2LikeAirlift() {
        HyperLogLog source = HyperLogLog.newInstance(16);
        for (int i = 0; i < 200; i++) {
            source.add(i);
        }
        source.makeDense();
        byte[] v2 = source.serialize().getBytes();
        for (int overflowBucket : new int[] {-1, 0, 3}) {
            byte[] v1 = new byte[3 + 8 + 3];
            System.arraycopy(v2, 0, v1, 0, 3 + 8);
            v1[0] = 1;
            if (overflowBucket >= 0) {
                // the bucket needs delta 15 for the overflow to be meaningful
                v1[3 + overflowBucket / 2] |= (byte) (overflowBucket % 2 == 0 ? 0xF0 : 0x0F);
            }
            v1[11] = (byte) overflowBucket;
            v1[12] = (byte) (overflowBucket >> 8);
            v1[13] = 2;
            HyperLogLog theirs = HyperLogLog.newInstance(Slices.wrappedBuffer(v1));
            HllSketch ours = HllSketch.deserialize(v1);
            assertThat(ours.serialize()).isEqualTo(theirs.serialize().getBytes());
            assertThat(ours.cardinality()).isEqualTo(theirs.cardinality());
        }
    }

    @Test
    void copiesAreIndependent() {
        HllSketch original = HllSketch.create();
        original.addBigint(1);
        HllSketch copy = original.copy();
        copy.addBigint(2);
        assertThat(original.cardinality()).isEqualTo(1);
        assertThat(copy.cardinality()).isEqualTo(2);
    }

    /** Overflow entries out of bucket order are read (as airlift does) and written back sorted. */
    @Test
    void unsortedOverflowEntriesAreWrittenBackSorted() {
        byte[] bytes = new byte[3 + 8 + 2 + 2 * 3];
        bytes[0] = 3;
        bytes[1] = 4;
        java.util.Arrays.fill(bytes, 3, 11, (byte) 0xFF); // every delta 15
        bytes[11] = 2; // two overflow entries: buckets 9 then 2, values 3 then 1
        bytes[13] = 9;
        bytes[15] = 2;
        bytes[17] = 3;
        bytes[18] = 1;
        HyperLogLog theirs = HyperLogLog.newInstance(Slices.wrappedBuffer(bytes));
        HllSketch ours = HllSketch.deserialize(bytes);
        assertThat(ours.serialize()).isEqualTo(theirs.serialize().getBytes());
        assertThat(ours.cardinality()).isEqualTo(theirs.cardinality());

        // no bucket at the baseline: merged into an empty sketch, airlift raises the baseline
        HllSketch emptyOurs = HllSketch.withBuckets(16);
        HyperLogLog emptyTheirs = HyperLogLog.newInstance(16);
        emptyOurs.mergeWith(ours);
        emptyTheirs.mergeWith(theirs);
        assertThat(emptyOurs.serialize()).isEqualTo(emptyTheirs.serialize().getBytes());
        assertThat(emptyOurs.serialize()[2]).isEqualTo((byte) 15); // the lowest bucket value
    }

    @Test
    void mergingASketchWithItselfMatchesAirlift() {
        for (int size : new int[] {5, 600, 300_000}) {
            AirliftTwin twin = AirliftTwin.withBuckets(65536);
            for (int i = 0; i < size; i++) {
                twin.addBigint(i * 7919L);
            }
            twin.mergeWith(twin).assertSame("self merge of " + size);
        }
    }
}
