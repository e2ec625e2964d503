package dev.flinkext.benchmarks.lookup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZipfKeysTest {

    @Test
    void sameSeedSameStream() {
        ZipfKeys a = new ZipfKeys(1000, 1.0, 7);
        ZipfKeys b = new ZipfKeys(1000, 1.0, 7);
        for (int i = 0; i < 1000; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    void frequenciesFollowZipf() {
        int n = 1000;
        double s = 1.1;
        ZipfKeys zipf = new ZipfKeys(n, s, 3);
        int[] counts = new int[n];
        int samples = 2_000_000;
        for (int i = 0; i < samples; i++) {
            counts[zipf.next()]++;
        }
        double norm = 0;
        for (int k = 1; k <= n; k++) {
            norm += Math.pow(k, -s);
        }
        for (int rank : new int[] {0, 1, 9}) {
            double expected = Math.pow(rank + 1, -s) / norm * samples;
            assertThat((double) counts[zipf.idOfRank(rank)])
                    .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(3));
        }
    }
}
