package dev.flinkext.udf.hll.sketch;

import io.airlift.slice.Slices;
import io.airlift.stats.cardinality.HyperLogLog;

import static org.assertj.core.api.Assertions.assertThat;

/** Our sketch and airlift's, fed the same operations, compared byte for byte. */
final class AirliftTwin {

    final HllSketch ours;
    final HyperLogLog theirs;

    private AirliftTwin(HllSketch ours, HyperLogLog theirs) {
        this.ours = ours;
        this.theirs = theirs;
    }

    static AirliftTwin withBuckets(int numberOfBuckets) {
        return new AirliftTwin(
                HllSketch.withBuckets(numberOfBuckets), HyperLogLog.newInstance(numberOfBuckets));
    }

    static AirliftTwin create() {
        return withBuckets(4096);
    }

    /** Presto's approx_set inputs, as Presto's ApproximateSetAggregation hands them to airlift. */
    AirliftTwin addBigint(long value) {
        ours.addBigint(value);
        theirs.add(value);
        return this;
    }

    AirliftTwin addDouble(double value) {
        ours.addDouble(value);
        theirs.add(Double.doubleToLongBits(value));
        return this;
    }

    AirliftTwin addVarchar(String value) {
        ours.addVarchar(value);
        theirs.add(Slices.utf8Slice(value));
        return this;
    }

    AirliftTwin addBytes(byte[] value) {
        ours.addBytes(value);
        theirs.add(Slices.wrappedBuffer(value));
        return this;
    }

    AirliftTwin mergeWith(AirliftTwin other) {
        ours.mergeWith(other.ours);
        theirs.mergeWith(other.theirs);
        return this;
    }

    AirliftTwin copy() {
        return new AirliftTwin(ours.copy(), HyperLogLog.newInstance(theirs.serialize()));
    }

    void assertSame(String description) {
        byte[] expected = theirs.serialize().getBytes();
        assertThat(ours.serialize()).as("bytes of " + description).isEqualTo(expected);
        assertThat(ours.cardinality())
                .as("cardinality of " + description)
                .isEqualTo(theirs.cardinality());
    }
}
