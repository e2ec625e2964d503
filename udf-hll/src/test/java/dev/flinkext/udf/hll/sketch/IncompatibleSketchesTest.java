package dev.flinkext.udf.hll.sketch;

import io.airlift.stats.cardinality.HyperLogLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncompatibleSketchesTest {

    @Test
    void sketchesWithDifferentBucketCountsAreNotMerged() {
        for (int otherSize : new int[] {0, 10, 5_000}) {
            for (int ownSize : new int[] {0, 10, 5_000}) {
                HllSketch own = filled(HllSketch.withBuckets(4096), ownSize);
                HllSketch other = filled(HllSketch.withBuckets(2048), otherSize);
                byte[] before = own.serialize();
                assertThatThrownBy(() -> own.mergeWith(other))
                        .isInstanceOf(IncompatibleSketchesException.class)
                        .hasMessage(
                                "Cannot merge HyperLogLog sketches with different numbers of"
                                        + " buckets: 4096 vs 2048 (index bit lengths 12 vs 11)."
                                        + " Build every sketch of one column with the same max"
                                        + " standard error.");
                org.assertj.core.api.Assertions.assertThat(own.serialize()).isEqualTo(before);
            }
        }
    }

    /** Why we refuse: airlift merges two sparse sketches of different sizes without a word. */
    @Test
    void airliftAcceptsThemWhenSparse() {
        HyperLogLog big = HyperLogLog.newInstance(4096);
        HyperLogLog small = HyperLogLog.newInstance(2048);
        big.add(1);
        small.add(2);
        assertThatCode(() -> big.mergeWith(small)).doesNotThrowAnyException();
    }

    private static HllSketch filled(HllSketch sketch, int values) {
        for (int i = 0; i < values; i++) {
            sketch.addBigint(i);
        }
        return sketch;
    }
}
