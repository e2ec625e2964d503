package dev.flinkext.examples.quickstart;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's demo command runs this job: keep it working. */
class QuickstartSqlJobTest {

    @Test
    void sumsOrdersPerCategory() throws Exception {
        List<Row> rows = QuickstartSqlJob.run();

        // order ids 1..1000 with amount = id; category = id % 4
        assertThat(rows)
                .extracting(Row::toString)
                .containsExactly(
                        "+I[cat-0, 250, 125500]",
                        "+I[cat-1, 250, 124750]",
                        "+I[cat-2, 250, 125000]",
                        "+I[cat-3, 250, 125250]");
    }
}
