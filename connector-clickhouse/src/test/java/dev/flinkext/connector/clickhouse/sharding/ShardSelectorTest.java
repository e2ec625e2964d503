package dev.flinkext.connector.clickhouse.sharding;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardSelectorTest {

    @Test
    void weights1To3GiveShard0TheFirstSlotOfFour() {
        ShardSelector selector = ShardSelector.ofWeights(1, 3);
        assertThat(selector.shardCount()).isEqualTo(2);
        assertThat(selector.totalWeight()).isEqualTo(4);
        assertThat(selector.weight(0)).isEqualTo(1);
        assertThat(selector.weight(1)).isEqualTo(3);
        for (long v = 0; v < 1000; v++) {
            assertThat(selector.shardIndexOf(v)).as("v=%d", v).isEqualTo(v % 4 < 1 ? 0 : 1);
        }
    }

    @Test
    void weights2To5GiveShard0TheFirstTwoSlotsOfSeven() {
        ShardSelector selector = ShardSelector.ofWeights(2, 5);
        assertThat(selector.totalWeight()).isEqualTo(7);
        for (long v = 0; v < 1000; v++) {
            assertThat(selector.shardIndexOf(v)).as("v=%d", v).isEqualTo(v % 7 < 2 ? 0 : 1);
        }
    }

    @Test
    void valuesAreReadAsUnsigned64Bit() {
        ShardSelector selector = ShardSelector.ofWeights(2, 5);
        // 2^64-1 = 18446744073709551615, % 7 = 1 (signed -1 % 7 would be -1)
        assertThat(Long.remainderUnsigned(-1L, 7)).isEqualTo(1);
        assertThat(selector.shardIndexOf(-1L)).isEqualTo(0);
        // 2^63 % 7 = 1
        assertThat(selector.shardIndexOf(Long.MIN_VALUE)).isEqualTo(0);
        // 2^64-2 % 7 = 0, 2^64-3 % 7 = 6
        assertThat(selector.shardIndexOf(-2L)).isEqualTo(0);
        assertThat(selector.shardIndexOf(-3L)).isEqualTo(1);
    }

    @Test
    void threeShardsAndZeroWeights() {
        ShardSelector selector = ShardSelector.ofWeights(1, 0, 2, 3);
        assertThat(selector.totalWeight()).isEqualTo(6);
        int[] expected = {0, 2, 2, 3, 3, 3};
        for (long v = 0; v < 60; v++) {
            assertThat(selector.shardIndexOf(v)).as("v=%d", v).isEqualTo(expected[(int) (v % 6)]);
        }
        assertThat(ShardSelector.ofWeights(5).shardIndexOf(-7L)).isZero();
        assertThat(selector).hasToString("ShardSelector{weights=[1, 0, 2, 3]}");
    }

    @Test
    void refusesBadWeights() {
        assertThatThrownBy(ShardSelector::ofWeights).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardSelector.ofWeights(0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardSelector.ofWeights(1, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signedKeysOf32BitsOrLessAreSignExtendedTo32BitsAndReadAsUInt32() {
        long twoTo32Minus4 = (1L << 32) - 4;
        assertThat(ShardSelector.unsignedShardingValue(-4, 8)).isEqualTo(twoTo32Minus4);
        assertThat(ShardSelector.unsignedShardingValue(-4, 16)).isEqualTo(twoTo32Minus4);
        assertThat(ShardSelector.unsignedShardingValue(-4, 32)).isEqualTo(twoTo32Minus4);
        assertThat(ShardSelector.unsignedShardingValue(-4, 64)).isEqualTo(-4L);
        assertThat(ShardSelector.unsignedShardingValue(-128, 8)).isEqualTo((1L << 32) - 128);
        assertThat(ShardSelector.unsignedShardingValue(127, 8)).isEqualTo(127);
        assertThat(ShardSelector.unsignedShardingValue(Integer.MIN_VALUE, 32)).isEqualTo(1L << 31);
        assertThat(ShardSelector.unsignedShardingValue(5, 32)).isEqualTo(5);

        ShardSelector selector = ShardSelector.ofWeights(2, 5);
        // (2^32-4) % 7 = 0 → shard 0; read as a signed -4 or as 2^64-4 (% 7 = 5) it would be shard
        // 1
        assertThat(selector.shardIndexOf(ShardSelector.unsignedShardingValue(-4, 8))).isZero();
        assertThat(selector.shardIndexOf(ShardSelector.unsignedShardingValue(-4, 32))).isZero();
        assertThat(selector.shardIndexOf(ShardSelector.unsignedShardingValue(-4, 64))).isOne();
    }

    @Test
    void refusesValuesThatDoNotFitTheWidth() {
        assertThatThrownBy(() -> ShardSelector.unsignedShardingValue(128, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardSelector.unsignedShardingValue(-32769, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardSelector.unsignedShardingValue(1L << 31, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardSelector.unsignedShardingValue(1, 24))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
