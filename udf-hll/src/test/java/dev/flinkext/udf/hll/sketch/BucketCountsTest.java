package dev.flinkext.udf.hll.sketch;

import io.airlift.slice.SizeOf;
import io.airlift.stats.cardinality.HyperLogLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BucketCountsTest {

    /**
     * The values Presto's own TestApproximateCountDistinct... asserts for standardErrorToBuckets.
     */
    @Test
    void maxStandardErrorToBucketsAsPresto() {
        assertThat(BucketCounts.forMaxStandardError(0.0326)).isEqualTo(1024);
        assertThat(BucketCounts.forMaxStandardError(0.0325)).isEqualTo(1024);
        assertThat(BucketCounts.forMaxStandardError(0.0324)).isEqualTo(2048);
        assertThat(BucketCounts.forMaxStandardError(0.0231)).isEqualTo(2048);
        assertThat(BucketCounts.forMaxStandardError(0.0230)).isEqualTo(2048);
        assertThat(BucketCounts.forMaxStandardError(0.0229)).isEqualTo(4096);
        assertThat(BucketCounts.forMaxStandardError(0.0164)).isEqualTo(4096);
        assertThat(BucketCounts.forMaxStandardError(0.01625)).isEqualTo(4096);
        assertThat(BucketCounts.forMaxStandardError(0.26)).isEqualTo(16);
        assertThat(BucketCounts.forMaxStandardError(0.0040625)).isEqualTo(65536);
    }

    @Test
    void outOfRangeErrorsAndBucketCountsAreRefused() {
        for (double error : new double[] {0.0040624, 0.2601, 0, -1, Double.NaN}) {
            assertThatThrownBy(() -> BucketCounts.forMaxStandardError(error))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Max standard error must be in [0.0040625, 0.26]");
        }
        for (int buckets : new int[] {0, 8, 1000, 131072}) {
            assertThatThrownBy(() -> HllSketch.withBuckets(buckets))
                    .hasMessageContaining("power of 2 in [16, 65536]: " + buckets);
        }
    }

    /** The sizes our switch rule assumes are the ones airlift measures in this JVM. */
    @Test
    void switchRuleUsesAirliftsMeasuredSizes() throws Exception {
        assertThat(SizeOf.instanceSize(Class.forName("io.airlift.stats.cardinality.SparseHll")))
                .isEqualTo(24);
        assertThat(SizeOf.instanceSize(Class.forName("io.airlift.stats.cardinality.DenseHll")))
                .isEqualTo(40);
        assertThat(SizeOf.sizeOfIntArray(0)).isEqualTo(16);
        assertThat(SizeOf.sizeOfByteArray(0)).isEqualTo(16);
        assertThat(HyperLogLog.newInstance(4096).estimatedInMemorySize()).isPositive();
    }
}
