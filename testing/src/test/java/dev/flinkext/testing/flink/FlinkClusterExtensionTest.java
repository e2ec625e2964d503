package dev.flinkext.testing.flink;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.messages.webmonitor.ClusterOverview;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlinkClusterExtensionTest {

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    /** Ids 1..100 in a bounded datagen source; grp = id % 3. */
    private static final String SOURCE =
            "CREATE TABLE src (\n"
                    + "  id BIGINT,\n"
                    + "  note STRING,\n"
                    + "  grp AS id % 3 -- computed, an INT; a ';' in a comment\n"
                    + ") WITH (\n"
                    + "  'connector' = 'datagen',\n"
                    + "  'fields.id.kind' = 'sequence',\n"
                    + "  'fields.id.start' = '1',\n"
                    + "  'fields.id.end' = '100',\n"
                    + "  'number-of-rows' = '100',\n"
                    + "  'fields.note.length' = '3'\n"
                    + ");\n";

    @Test
    void clusterHasTwoTaskManagersWithTwoSlotsEach() throws Exception {
        FlinkCluster cluster = FLINK.server();
        ClusterOverview overview = cluster.overview();
        assertThat(overview.getNumTaskManagersConnected()).isEqualTo(2);
        assertThat(overview.getNumSlotsTotal()).isEqualTo(4);

        // A job that needs all 4 slots runs to the end.
        FlinkSql.batch()
                .parallelism(4)
                .executeScript(
                        SOURCE
                                + "CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');"
                                + "INSERT INTO sink SELECT id FROM src;");
        JobStatusMessage job = lastJob(cluster);
        assertThat(job.getJobState()).isEqualTo(JobStatus.FINISHED);

        String details = httpGet(cluster.restAddress().resolve("/jobs/" + job.getJobId()));
        assertThat(details).contains("\"parallelism\":4");
        assertThat(httpGet(cluster.restAddress().resolve("/taskmanagers")))
                .contains("\"slotsNumber\":2");
    }

    @Test
    void scriptRunsDdlAndWaitsForTheInsert() throws Exception {
        FlinkSql.streaming()
                .executeScript(
                        SOURCE
                                + "CREATE TABLE sink (id BIGINT, grp BIGINT, note STRING)"
                                + " WITH ('connector' = 'blackhole');\n"
                                + "CREATE TABLE printed (id BIGINT) WITH ('connector' = 'print');\n"
                                + "INSERT INTO sink SELECT id, grp, 'semi;colon' FROM src;\n"
                                + "INSERT INTO printed SELECT id FROM src WHERE id <= 2;");

        assertThat(lastJob(FLINK.server()).getJobState()).isEqualTo(JobStatus.FINISHED);
        assertThat(FLINK.server().runningJobs()).isEmpty();
    }

    @Test
    void batchGroupByGivesExactValues() {
        FlinkSql sql = FlinkSql.batch();
        sql.executeScript(SOURCE);

        List<Row> rows = sql.collect("SELECT grp, COUNT(*), SUM(id) FROM src GROUP BY grp");

        assertThat(FlinkSql.toStrings(rows))
                .containsExactlyInAnyOrder("+I[0, 33, 1683]", "+I[1, 34, 1717]", "+I[2, 33, 1650]");
        assertThat(
                        sql.collect(
                                "SELECT k, SUM(v) FROM (VALUES ('a', 1), ('b', 2), ('a', 3))"
                                        + " AS t(k, v) GROUP BY k"))
                .containsExactlyInAnyOrder(Row.of("a", 4), Row.of("b", 2));
    }

    @Test
    void streamingCollectTakesTheFirstRowsOfAnUnboundedQueryAndCancelsIt() throws Exception {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE endless (id INT) WITH ('connector' = 'datagen',"
                        + " 'rows-per-second' = '50', 'fields.id.min' = '1', 'fields.id.max' = '9')");

        List<Row> rows = sql.collect("SELECT id FROM endless", 5);

        assertThat(rows)
                .hasSize(5)
                .allSatisfy(r -> assertThat((int) r.getFieldAs(0)).isBetween(1, 9));
        FLINK.server().cancelAllJobs(); // returns once nothing runs any more
        assertThat(FLINK.server().runningJobs()).isEmpty();
    }

    @Test
    void updatingQueryIsMaterialized() {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(SOURCE);

        List<Row> changelog = sql.collect("SELECT grp, COUNT(*) FROM src GROUP BY grp");
        assertThat(changelog).hasSizeGreaterThan(3); // -U/+U updates

        assertThat(FlinkSql.materialize(changelog))
                .containsExactlyInAnyOrder(Row.of(0, 33L), Row.of(1, 34L), Row.of(2, 33L));
        assertThat(sql.collectMaterialized("SELECT grp, COUNT(*) FROM src GROUP BY grp"))
                .containsExactlyInAnyOrder(Row.of(0, 33L), Row.of(1, 34L), Row.of(2, 33L));
    }

    @Test
    void failingStatementIsNamedInTheError() {
        FlinkSql sql = FlinkSql.batch();

        assertThatThrownBy(
                        () ->
                                sql.executeScript(
                                        "CREATE TABLE ok (id INT) WITH ('connector' = 'blackhole');\n"
                                                + "INSERT INTO missing SELECT 1;"))
                .hasMessageContaining("INSERT INTO missing SELECT 1")
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> sql.executeScript("SELECT 1;"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use collect()");
    }

    @Test
    void collectGivesUpAfterTheTimeout() throws Exception {
        FlinkSql sql = FlinkSql.streaming().timeout(Duration.ofSeconds(3));
        sql.executeScript(
                "CREATE TABLE slow (id INT) WITH ('connector' = 'datagen',"
                        + " 'rows-per-second' = '1')");

        assertThatThrownBy(() -> sql.collect("SELECT id FROM slow", 1_000))
                .hasMessageContaining("did not deliver the expected rows within 3 s")
                .hasMessageContaining("SELECT id FROM slow");
        FLINK.server().cancelAllJobs();
    }

    private static JobStatusMessage lastJob(FlinkCluster cluster) throws Exception {
        return cluster.jobs().stream()
                .max((a, b) -> Long.compare(a.getStartTime(), b.getStartTime()))
                .orElseThrow();
    }

    private static String httpGet(URI uri) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(uri).build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + uri).isEqualTo(200);
        return response.body();
    }
}
