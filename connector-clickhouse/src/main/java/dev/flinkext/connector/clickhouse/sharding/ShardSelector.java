package dev.flinkext.connector.clickhouse.sharding;

import java.util.Arrays;

/**
 * The shard a ClickHouse Distributed table sends a row to: the sharding value, read as unsigned
 * 64-bit, modulo the total weight; the shards take consecutive slots by their weights in shard
 * order (weights 1:3 → shard 0 gets {@code value % 4 < 1}, shard 1 the rest). Immutable.
 */
public final class ShardSelector {

    /** prefix[i] = sum of the weights of shards 0..i (exclusive upper bound of shard i's slots). */
    private final long[] prefix;

    private final long totalWeight;

    private ShardSelector(long[] prefix) {
        this.prefix = prefix;
        this.totalWeight = prefix[prefix.length - 1];
    }

    /**
     * A selector for shards with these weights, in shard order (as listed in {@code
     * remote_servers}). Weights must be ≥ 0 (a weight-0 shard gets no rows) and sum to more than 0.
     */
    public static ShardSelector ofWeights(int... weights) {
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("at least one shard weight is needed");
        }
        long[] prefix = new long[weights.length];
        long sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException(
                        "shard weight " + i + " is negative: " + weights[i]);
            }
            sum += weights[i];
            prefix[i] = sum;
        }
        if (sum == 0) {
            throw new IllegalArgumentException(
                    "shard weights sum to 0: " + Arrays.toString(weights));
        }
        return new ShardSelector(prefix);
    }

    /** The number of shards. */
    public int shardCount() {
        return prefix.length;
    }

    /** The sum of all weights. */
    public long totalWeight() {
        return totalWeight;
    }

    /** The weight of shard {@code shardIndex} (0-based). */
    public int weight(int shardIndex) {
        return (int) (prefix[shardIndex] - (shardIndex == 0 ? 0 : prefix[shardIndex - 1]));
    }

    /**
     * The 0-based index (in shard order) of the shard ClickHouse picks for this sharding value,
     * read as unsigned 64-bit (see {@link #unsignedShardingValue(long, int)} for signed keys).
     */
    public int shardIndexOf(long unsignedValue) {
        long slot = Long.remainderUnsigned(unsignedValue, totalWeight);
        // first shard whose exclusive upper bound is > slot (skips weight-0 shards)
        int lo = 0;
        int hi = prefix.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefix[mid] > slot) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * The unsigned 64-bit value ClickHouse shards by for a signed sharding expression of {@code
     * bitWidth} bits (Int8, Int16, Int32: 8, 16, 32; Int64: 64): a type of 32 bits or less is
     * sign-extended to 32 bits and read as UInt32; Int64 is read as UInt64. So -4 as Int8 or Int32
     * gives 2^32-4, and as Int64 gives 2^64-4. Unsigned types need no conversion: pass their value.
     *
     * @throws IllegalArgumentException if the width is not 8, 16, 32 or 64, or the value does not
     *     fit a signed integer of that width
     */
    public static long unsignedShardingValue(long signedValue, int bitWidth) {
        switch (bitWidth) {
            case 8:
            case 16:
            case 32:
                long min = -(1L << (bitWidth - 1));
                long max = (1L << (bitWidth - 1)) - 1;
                if (signedValue < min || signedValue > max) {
                    throw new IllegalArgumentException(
                            signedValue + " does not fit a signed " + bitWidth + "-bit integer");
                }
                return signedValue & 0xFFFFFFFFL;
            case 64:
                return signedValue;
            default:
                throw new IllegalArgumentException(
                        "signed sharding width must be 8, 16, 32 or 64 bits, not " + bitWidth);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ShardSelector{weights=[");
        for (int i = 0; i < prefix.length; i++) {
            s.append(i == 0 ? "" : ", ").append(weight(i));
        }
        return s.append("]}").toString();
    }
}
