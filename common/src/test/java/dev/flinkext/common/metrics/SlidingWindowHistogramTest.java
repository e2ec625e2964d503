package dev.flinkext.common.metrics;

import org.apache.flink.metrics.HistogramStatistics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SlidingWindowHistogramTest {

    @Test
    void emptyHistogramHasZeroStatistics() {
        HistogramStatistics stats = new SlidingWindowHistogram(4).getStatistics();

        assertThat(stats.size()).isZero();
        assertThat(stats.getMean()).isZero();
        assertThat(stats.getQuantile(0.5)).isZero();
        assertThat(stats.getMax()).isZero();
    }

    @Test
    void keepsTheLastValuesAndCountsAll() {
        SlidingWindowHistogram histogram = new SlidingWindowHistogram(4);
        for (long v = 1; v <= 6; v++) {
            histogram.update(v);
        }

        HistogramStatistics stats = histogram.getStatistics();
        assertThat(histogram.getCount()).isEqualTo(6);
        assertThat(stats.getValues()).containsExactly(3, 4, 5, 6);
        assertThat(stats.getMin()).isEqualTo(3);
        assertThat(stats.getMax()).isEqualTo(6);
        assertThat(stats.getMean()).isEqualTo(4.5);
        assertThat(stats.getQuantile(0.5)).isEqualTo(4.5);
        assertThat(stats.getQuantile(1)).isEqualTo(6);
        assertThat(stats.getStdDev()).isCloseTo(1.2910, within(1e-4));
    }
}
