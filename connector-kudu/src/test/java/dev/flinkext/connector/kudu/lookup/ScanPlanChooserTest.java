package dev.flinkext.connector.kudu.lookup;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The choice between IN-list and point scans, fed with costs as the reader would record them. */
class ScanPlanChooserTest {

    private static final int KEYS = 100;

    /** Runs {@code batches} batches, each costing what {@code inList} or {@code points} say. */
    private static List<Boolean> run(
            ScanPlanChooser chooser, int batches, long inListNanos, long pointsNanos) {
        List<Boolean> choices = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            boolean points = chooser.pointsFor(KEYS);
            choices.add(points);
            chooser.record(points, points ? pointsNanos : inListNanos, KEYS);
        }
        return choices;
    }

    @Test
    void warmsUpOnInListsThenTriesPointScansOnce() {
        List<Boolean> choices = run(new ScanPlanChooser(), 6, 1_000_000, 8_000_000);
        assertThat(choices).containsExactly(false, false, false, false, true, false);
    }

    @Test
    void keepsInListsWhileTheyAreCheaperWithTrialsEverFewer() {
        ScanPlanChooser chooser = new ScanPlanChooser();
        List<Boolean> choices = run(chooser, 2000, 1_000_000, 8_000_000);
        assertThat(chooser.prefersPoints()).isFalse();
        List<Integer> trials = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i)) {
                trials.add(i);
            }
        }
        // after the warm-up, then 16, 32, 64, 128 batches later, then every 256
        assertThat(trials).containsExactly(4, 20, 52, 116, 244, 500, 756, 1012, 1268, 1524, 1780);
    }

    @Test
    void switchesToPointScansWhenInListsCostMore() {
        ScanPlanChooser chooser = new ScanPlanChooser();
        List<Boolean> choices = run(chooser, 100, 9_000_000, 1_000_000);
        assertThat(chooser.prefersPoints()).isTrue();
        assertThat(choices.subList(5, 100).stream().filter(p -> !p).count())
                .as("in-list trials after the switch")
                .isLessThan(5);
    }

    @Test
    void switchesBackWhenTheTableChanges() {
        ScanPlanChooser chooser = new ScanPlanChooser();
        run(chooser, 100, 9_000_000, 1_000_000); // rows in memory: points win
        assertThat(chooser.prefersPoints()).isTrue();
        run(chooser, 1000, 1_000_000, 8_000_000); // flushed to disk: the IN-list wins again
        assertThat(chooser.prefersPoints()).isFalse();
    }

    @Test
    void smallBatchesAreAlwaysInListsAndNotCounted() {
        ScanPlanChooser chooser = new ScanPlanChooser();
        run(chooser, 100, 9_000_000, 1_000_000);
        assertThat(chooser.pointsFor(ScanPlanChooser.MIN_KEYS - 1)).isFalse();
        chooser.record(false, 1, ScanPlanChooser.MIN_KEYS - 1); // ignored
        assertThat(chooser.prefersPoints()).isTrue();
    }
}
