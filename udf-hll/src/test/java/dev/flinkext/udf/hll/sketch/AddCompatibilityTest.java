package dev.flinkext.udf.hll.sketch;

import io.airlift.stats.cardinality.HyperLogLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Sketches built by add() (Presto's one-phase approx_set) equal airlift's, byte for byte. */
class AddCompatibilityTest {

    @Test
    void emptySketchIsPrestosEmptyApproxSet() {
        assertThat(HllSketch.create().serialize()).containsExactly(2, 12, 0, 0);
        assertThat(
                        HllSketch.withMaxStandardError(BucketCounts.DEFAULT_MAX_STANDARD_ERROR)
                                .serialize())
                .containsExactly(2, 12, 0, 0);
        AirliftTwin.create().assertSame("empty sketch");
    }

    @Test
    void oneValueOfEachType() {
        AirliftTwin.create().addBigint(42).assertSame("one bigint");
        AirliftTwin.create().addDouble(4.2).assertSame("one double");
        AirliftTwin.create().addVarchar("hello").assertSame("one varchar");
        AirliftTwin.create().addBytes(new byte[] {1, 2, 3}).assertSame("one bytes");
    }

    @Test
    void duplicatesOnly() {
        AirliftTwin twin = AirliftTwin.create();
        for (int i = 0; i < 10_000; i++) {
            twin.addBigint(7).addVarchar("same");
        }
        twin.assertSame("two values repeated");
        assertThat(twin.ours.cardinality()).isEqualTo(2);
    }

    /** add() turns the sketch dense at its 512th entry (airlift's array capacity hits 521). */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyStepAroundTheSparseToDenseSwitch(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        AirliftTwin twin = AirliftTwin.create();
        int entriesWhenDense = -1;
        for (int i = 1; i <= 700; i++) {
            boolean wasSparse = twin.ours.isSparse();
            twin.addBigint(random.nextLong());
            twin.assertSame("seed " + seed + " after " + i + " adds");
            if (wasSparse && !twin.ours.isSparse()) {
                entriesWhenDense = i;
            }
        }
        // 26-bit sparse buckets: no collisions among 512 random values in practice
        assertThat(entriesWhenDense).isEqualTo(512);
    }

    @Test
    void everyInputType() {
        SplittableRandom random = new SplittableRandom(5);
        AirliftTwin bigints = AirliftTwin.create();
        AirliftTwin doubles = AirliftTwin.create();
        AirliftTwin varchars = AirliftTwin.create();
        AirliftTwin bytes = AirliftTwin.create();
        long[] bigintEdges = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE};
        double[] doubleEdges = {
            0.0,
            -0.0,
            Double.NaN,
            Double.longBitsToDouble(0x7ff8000000000123L),
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            Double.MAX_VALUE
        };
        String[] varcharEdges = {
            "", "a", "ä", "日本語", "emoji \uD83D\uDE00", "\u0000", "x".repeat(1000)
        };
        for (long edge : bigintEdges) {
            bigints.addBigint(edge);
        }
        for (double edge : doubleEdges) {
            doubles.addDouble(edge);
        }
        for (String edge : varcharEdges) {
            varchars.addVarchar(edge);
        }
        bytes.addBytes(new byte[0]).addBytes(new byte[] {(byte) 0xFF});
        AirliftTwin[] all = {bigints, doubles, varchars, bytes};
        for (AirliftTwin twin : all) {
            twin.assertSame("edge values");
        }
        for (int i = 0; i < 20_000; i++) {
            bigints.addBigint(random.nextLong(-1000, 1000) * 1_000_003L);
            doubles.addDouble(random.nextDouble() * 1e6);
            varchars.addVarchar(randomText(random));
            byte[] value = new byte[random.nextInt(40)];
            random.nextBytes(value);
            bytes.addBytes(value);
            if (i % 97 == 0) {
                for (AirliftTwin twin : all) {
                    twin.assertSame("random values, step " + i);
                }
            }
        }
        for (AirliftTwin twin : all) {
            twin.assertSame("20000 random values");
        }
    }

    @Test
    void negativeZeroAndNanAreDistinctDoublesLikeInPresto() {
        AirliftTwin twin =
                AirliftTwin.create().addDouble(0.0).addDouble(-0.0).addDouble(Double.NaN);
        twin.addDouble(Double.longBitsToDouble(0x7ff8000000000001L)); // another NaN, canonicalised
        twin.assertSame("zeros and NaNs");
        assertThat(twin.ours.cardinality()).isEqualTo(3);
    }

    @Test
    void twoMillionDistinctValues() {
        AirliftTwin twin = AirliftTwin.create();
        SplittableRandom random = new SplittableRandom(2024);
        for (int i = 0; i < 2_000_000; i++) {
            twin.addBigint(random.nextLong());
            if (i == 1_000 || i == 10_000 || i == 100_000 || i == 1_000_000) {
                twin.assertSame(i + " distinct values");
            }
        }
        twin.assertSame("2M distinct values");
        assertThat(twin.ours.cardinality()).isBetween(1_900_000L, 2_100_000L);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.26, 0.1, 0.0325, 0.023, 0.0115, 0.008, 0.0040625})
    void nonDefaultStandardErrors(double maxStandardError) {
        int buckets = BucketCounts.forMaxStandardError(maxStandardError);
        HllSketch fromError = HllSketch.withMaxStandardError(maxStandardError);
        assertThat(fromError.numberOfBuckets()).isEqualTo(buckets);
        assertThat(fromError.serialize())
                .isEqualTo(HyperLogLog.newInstance(buckets).serialize().getBytes());

        SplittableRandom random = new SplittableRandom(Double.doubleToLongBits(maxStandardError));
        AirliftTwin twin = AirliftTwin.withBuckets(buckets);
        int switchAround = buckets / 8; // add() switches near 2^(p-3) entries
        for (int i = 1; i <= 30_000; i++) {
            twin.addVarchar("user-" + random.nextInt(1_000_000));
            if (i < 2 * switchAround + 20 || i % 1000 == 0) {
                twin.assertSame(buckets + " buckets after " + i + " adds");
            }
        }
        assertThat(twin.ours.isSparse()).isFalse();
    }

    private static String randomText(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(
                    random.nextInt(4) == 0
                            ? random.nextInt(0x10000, 0x1F700)
                            : random.nextInt(0x20, 0x3000));
        }
        return text.toString();
    }
}
