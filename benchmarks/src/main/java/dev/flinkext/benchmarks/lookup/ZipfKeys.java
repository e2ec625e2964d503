package dev.flinkext.benchmarks.lookup;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded Zipf-distributed key stream over {@code 0..n-1}: P(rank k) ∝ 1 / (k + 1)^s. Ranks are
 * mapped to key ids through a seeded permutation so that popularity does not follow key order.
 */
public final class ZipfKeys {

    private final double[] cumulative;
    private final int[] idOfRank;
    private final SplittableRandom random;

    public ZipfKeys(int n, double s, long seed) {
        if (n < 1 || s <= 0) {
            throw new IllegalArgumentException(
                    "Zipf needs n >= 1 and s > 0, got n=" + n + ", s=" + s);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, s);
            cumulative[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
        random = new SplittableRandom(seed);
        idOfRank = new int[n];
        for (int k = 0; k < n; k++) {
            idOfRank[k] = k;
        }
        for (int k = n - 1; k > 0; k--) { // Fisher-Yates
            int j = random.nextInt(k + 1);
            int swap = idOfRank[k];
            idOfRank[k] = idOfRank[j];
            idOfRank[j] = swap;
        }
    }

    /** The next key id. */
    public int next() {
        int rank = Arrays.binarySearch(cumulative, random.nextDouble());
        if (rank < 0) {
            rank = -rank - 1;
        }
        return idOfRank[Math.min(rank, idOfRank.length - 1)];
    }

    /**
     * The probability mass of the {@code count} most popular keys: the hit rate of an ideal cache
     * that always holds exactly those keys (an upper bound for any cache of that many rows).
     */
    public double massOfTopRanks(int count) {
        return count <= 0 ? 0 : cumulative[Math.min(count, cumulative.length) - 1];
    }

    /** The id of the key of popularity rank {@code rank} (0 = most popular). */
    int idOfRank(int rank) {
        return idOfRank[rank];
    }
}
