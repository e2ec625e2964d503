package dev.flinkext.udf.hll.sketch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bytes that are no sketch are refused with a message that names the problem. */
class MalformedSketchTest {

    @Test
    void emptyOrNull() {
        assertMalformed(new byte[0], "no bytes");
        assertMalformed(null, "no bytes");
    }

    @Test
    void unknownOrRetiredTag() {
        assertMalformed(new byte[] {7, 12, 0, 0}, "unknown format tag 7");
        assertMalformed(new byte[] {0, 12, 0, 0}, "sparse v1");
    }

    @Test
    void indexBitLengthOutOfRange() {
        assertMalformed(new byte[] {2, 3, 0, 0}, "index bit length 3 is out of range");
        assertMalformed(new byte[] {2, 17, 0, 0}, "index bit length 17 is out of range");
        assertMalformed(
                dense(12, 0, 0, new byte[0])[0] == 3
                        ? withByte(dense(12, 0, 0, new byte[0]), 1, 0)
                        : null,
                "index bit length 0 is out of range");
    }

    @Test
    void sparseLengthMismatch() {
        assertMalformed(new byte[] {2, 12, 0}, "4-byte header");
        assertMalformed(new byte[] {2, 12, 1, 0}, "1 entries must be 8 bytes long, got 4");
        assertMalformed(new byte[] {2, 12, 0, 0, 0}, "0 entries must be 4 bytes long, got 5");
    }

    @Test
    void sparseEntriesOutOfOrder() {
        byte[] bytes = {2, 12, 2, 0, 0, 0, 0, 2, 0, 0, 0, 1};
        assertMalformed(bytes, "entry 1 (bucket 262144) follows bucket 524288");
        byte[] duplicate = {2, 12, 2, 0, 1, 0, 0, 1, 2, 0, 0, 1};
        assertMalformed(duplicate, "without duplicates");
    }

    @Test
    void denseLengthMismatch() {
        byte[] valid = dense(4, 0, 0, new byte[0]);
        HllSketch.deserialize(valid);
        assertMalformed(new byte[] {3, 4, 0, 0}, "needs at least 13 bytes, got 4");
        byte[] tooLong = new byte[valid.length + 1];
        System.arraycopy(valid, 0, tooLong, 0, valid.length);
        assertMalformed(tooLong, "0 overflow entries must be 13 bytes long, got 14");
        assertMalformed(withByte(valid, 11, 1), "1 overflow entries must be 16 bytes long, got 13");
    }

    @Test
    void denseOverflowsThatCannotBe() {
        byte[] allFifteen = new byte[8];
        java.util.Arrays.fill(allFifteen, (byte) 0xFF);
        assertMalformed(
                dense(4, 16, 1, allFifteen), "overflow bucket 16 is out of range (16 buckets)");
        assertMalformed(
                dense(4, 3, 0, allFifteen), "overflow value for bucket 3 must be > 0, got 0");
        assertMalformed(dense(4, 3, -5, allFifteen), "must be > 0, got -5");
        assertMalformed(
                dense(4, 3, 1, new byte[8]),
                "overflow entry for bucket 3 whose delta is 0, not 15");
        byte[] twice = {3, 4, 0, -1, -1, -1, -1, -1, -1, -1, -1, 2, 0, 3, 0, 3, 0, 1, 1};
        assertMalformed(twice, "two overflow entries for bucket 3");
        assertMalformed(withByte(dense(4, 0, 0, new byte[8]), 2, -1), "negative baseline -1");
    }

    /** A dense v2 sketch with at most one overflow entry. */
    private static byte[] dense(
            int indexBitLength, int overflowBucket, int overflowValue, byte[] deltas) {
        int deltaBytes = (1 << indexBitLength) / 2;
        boolean withOverflow = deltas.length > 0 && (overflowBucket != 0 || overflowValue != 0);
        byte[] bytes = new byte[3 + deltaBytes + 2 + (withOverflow ? 3 : 0)];
        bytes[0] = 3;
        bytes[1] = (byte) indexBitLength;
        System.arraycopy(deltas, 0, bytes, 3, deltas.length);
        if (withOverflow) {
            int at = 3 + deltaBytes;
            bytes[at] = 1;
            bytes[at + 2] = (byte) overflowBucket;
            bytes[at + 3] = (byte) (overflowBucket >> 8);
            bytes[at + 4] = (byte) overflowValue;
        }
        return bytes;
    }

    private static byte[] withByte(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static void assertMalformed(byte[] bytes, String messagePart) {
        assertThatThrownBy(() -> HllSketch.deserialize(bytes))
                .isInstanceOf(MalformedSketchException.class)
                .hasMessageStartingWith("Malformed HyperLogLog sketch: ")
                .hasMessageContaining(messagePart);
    }
}
