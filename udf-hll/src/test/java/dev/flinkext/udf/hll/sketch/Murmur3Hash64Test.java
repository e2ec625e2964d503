package dev.flinkext.udf.hll.sketch;

import io.airlift.slice.Murmur3Hash128;
import io.airlift.slice.Slices;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class Murmur3Hash64Test {

    @Test
    void bytesHashLikeAirliftForEveryTailLength() {
        SplittableRandom random = new SplittableRandom(7);
        for (int length = 0; length <= 100; length++) {
            for (int round = 0; round < 50; round++) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                assertThat(Murmur3Hash64.hash(data))
                        .as("length %d round %d", length, round)
                        .isEqualTo(Murmur3Hash128.hash64(Slices.wrappedBuffer(data)));
            }
        }
    }

    @Test
    void aSliceOfAnArrayHashesLikeTheCopiedBytes() {
        byte[] data = new byte[64];
        new SplittableRandom(3).nextBytes(data);
        for (int offset = 0; offset < 20; offset++) {
            int length = 64 - offset - 7;
            assertThat(Murmur3Hash64.hash(data, offset, length))
                    .isEqualTo(Murmur3Hash128.hash64(Slices.wrappedBuffer(data, offset, length)));
        }
    }

    @Test
    void longsHashAsTheirEightLittleEndianBytes() {
        SplittableRandom random = new SplittableRandom(11);
        long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 255, 256};
        for (int i = 0; i < 10_000 + edges.length; i++) {
            long value = i < edges.length ? edges[i] : random.nextLong();
            byte[] littleEndian =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
            assertThat(Murmur3Hash64.hash(value))
                    .as("value %d", value)
                    .isEqualTo(Murmur3Hash128.hash64(value))
                    .isEqualTo(Murmur3Hash64.hash(littleEndian));
        }
    }
}
