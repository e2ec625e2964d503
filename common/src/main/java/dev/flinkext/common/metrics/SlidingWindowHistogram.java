package dev.flinkext.common.metrics;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

import java.util.Arrays;

/**
 * A {@link Histogram} over the last N values, thread-safe.
 *
 * <p>Flink's own {@code DescriptiveStatisticsHistogram} lives in flink-runtime (and needs
 * commons-math); a connector should not depend on either, so this small one keeps lookup-core free
 * of extra dependencies. Updates are O(1); statistics copy and sort the window, which only metric
 * reporters do, a few times a minute.
 */
public final class SlidingWindowHistogram implements Histogram {

    /** Window size used by lookup-core's histograms. */
    public static final int DEFAULT_WINDOW = 1024;

    private final long[] window;
    private long count;

    public SlidingWindowHistogram(int windowSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("Window size must be at least 1: " + windowSize);
        }
        this.window = new long[windowSize];
    }

    public SlidingWindowHistogram() {
        this(DEFAULT_WINDOW);
    }

    @Override
    public synchronized void update(long value) {
        window[(int) (count % window.length)] = value;
        count++;
    }

    /** Every value ever recorded, including those that left the window. */
    @Override
    public synchronized long getCount() {
        return count;
    }

    @Override
    public HistogramStatistics getStatistics() {
        long[] values;
        synchronized (this) {
            values = Arrays.copyOf(window, (int) Math.min(count, window.length));
        }
        Arrays.sort(values);
        return new Snapshot(values);
    }

    /** Statistics of a sorted copy of the window. */
    private static final class Snapshot extends HistogramStatistics {

        private final long[] sorted;

        Snapshot(long[] sorted) {
            this.sorted = sorted;
        }

        /** Linear interpolation between the closest ranks (what most tools call R-7). */
        @Override
        public double getQuantile(double quantile) {
            if (quantile < 0 || quantile > 1 || Double.isNaN(quantile)) {
                throw new IllegalArgumentException("Quantile must be in [0, 1]: " + quantile);
            }
            if (sorted.length == 0) {
                return 0;
            }
            double position = quantile * (sorted.length - 1);
            int lower = (int) Math.floor(position);
            int upper = Math.min(lower + 1, sorted.length - 1);
            return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
        }

        @Override
        public long[] getValues() {
            return sorted.clone();
        }

        @Override
        public int size() {
            return sorted.length;
        }

        @Override
        public double getMean() {
            if (sorted.length == 0) {
                return 0;
            }
            double sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return sum / sorted.length;
        }

        @Override
        public double getStdDev() {
            if (sorted.length < 2) {
                return 0;
            }
            double mean = getMean();
            double squares = 0;
            for (long v : sorted) {
                squares += (v - mean) * (v - mean);
            }
            return Math.sqrt(squares / (sorted.length - 1));
        }

        @Override
        public long getMax() {
            return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        }

        @Override
        public long getMin() {
            return sorted.length == 0 ? 0 : sorted[0];
        }
    }
}
