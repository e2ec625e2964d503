package dev.flinkext.common.hash;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The core's own checks. Bit-exactness against the references lives with their users: udf-hll
 * compares {@code h1} with airlift's {@code Murmur3Hash128}, connector-clickhouse compares {@code
 * h1 ^ h2} with a real server's {@code murmurHash3_64}.
 */
class Murmur3x64_128Test {

    @Test
    void clickHouseValuesMeasuredOnTheServer() {
        // shared/README.md: murmurHash3_64('hello'), murmurHash3_64(toUInt64(1)),
        // murmurHash3_64('')
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(Long.toUnsignedString(Murmur3x64_128.h1XorH2(hello, 0, hello.length)))
                .isEqualTo("10432086992150038043");
        assertThat(Long.toUnsignedString(Murmur3x64_128.h1XorH2OfSmall(1L, 8)))
                .isEqualTo("4453723594474149964");
        assertThat(Murmur3x64_128.h1XorH2(new byte[0], 0, 0)).isZero();
    }

    @Test
    void smallValuesHashLikeTheirLittleEndianBytes() {
        SplittableRandom random = new SplittableRandom(5);
        for (int length = 1; length <= 8; length++) {
            for (int round = 0; round < 1000; round++) {
                long value = random.nextLong();
                if (length < 8) {
                    value &= (1L << (8 * length)) - 1;
                }
                byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++) {
                    bytes[i] = (byte) (value >>> (8 * i));
                }
                assertThat(Murmur3x64_128.h1OfSmall(value, length))
                        .isEqualTo(Murmur3x64_128.h1(bytes, 0, length));
                assertThat(Murmur3x64_128.h1XorH2OfSmall(value, length))
                        .isEqualTo(Murmur3x64_128.h1XorH2(bytes, 0, length));
            }
        }
    }

    @Test
    void aSliceHashesLikeTheCopiedBytes() {
        byte[] data = new byte[80];
        new SplittableRandom(9).nextBytes(data);
        for (int offset = 0; offset < 20; offset++) {
            for (int length = 0; length <= 60; length++) {
                byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
                assertThat(Murmur3x64_128.h1(data, offset, length))
                        .isEqualTo(Murmur3x64_128.h1(copy, 0, length));
                assertThat(Murmur3x64_128.h1XorH2(data, offset, length))
                        .isEqualTo(Murmur3x64_128.h1XorH2(copy, 0, length));
            }
        }
    }

    @Test
    void refusesOutOfRangeSlicesAndSizes() {
        assertThatThrownBy(() -> Murmur3x64_128.h1(new byte[4], 2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Murmur3x64_128.h1XorH2OfSmall(0, 9))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Murmur3x64_128.h1OfSmall(0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
