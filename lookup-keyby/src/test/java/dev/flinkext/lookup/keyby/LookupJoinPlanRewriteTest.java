package dev.flinkext.lookup.keyby;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LookupJoinPlanRewrite} on plan JSON of the shape Flink 2.2 writes (the SQL tests run it on
 * real compiled plans; here the cases a query cannot easily produce).
 */
class LookupJoinPlanRewriteTest {

    private static final String DIM = "`default_catalog`.`default_database`.`dim`";

    private static String plan(String changelog, boolean upsertMaterialize) {
        return "{\"flinkVersion\":\"2.2\",\"nodes\":[{\"id\":1,\"type\":\"stream-exec-values_1\"},"
                + "{\"id\":3,\"type\":\"stream-exec-lookup-join_1\",\"temporalTable\":"
                + "{\"lookupTableSource\":{\"table\":{\"identifier\":\""
                + DIM
                + "\"}}},\"inputChangelogMode\":"
                + changelog
                + ",\"requireUpsertMaterialize\":"
                + upsertMaterialize
                + ",\"preferCustomShuffle\":false}],\"edges\":[]}";
    }

    @Test
    void switchesOnThePartitioningOfATableWithLookupShuffleOnly() {
        LookupJoinPlanRewrite.Result on =
                LookupJoinPlanRewrite.rewrite(
                        plan("[\"INSERT\"]", false), t -> Map.of("lookup.shuffle", "true"));
        assertThat(on.json).contains("\"preferCustomShuffle\" : true");
        assertThat(on.partitionedTables).containsExactly(DIM);

        LookupJoinPlanRewrite.Result off =
                LookupJoinPlanRewrite.rewrite(
                        plan("[\"INSERT\"]", false), t -> Map.of("connector", "redis"));
        assertThat(off.json).contains("\"preferCustomShuffle\" : false");
        assertThat(off.partitionedTables).isEmpty();
    }

    @Test
    void refusesAnUpsertMaterializedInputWhichFlinkWouldLeaveUnpartitioned() {
        assertThatThrownBy(
                        () ->
                                LookupJoinPlanRewrite.rewrite(
                                        plan("[\"INSERT\",\"UPDATE_AFTER\"]", true),
                                        t -> Map.of("lookup.shuffle", "true")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(DIM)
                .hasMessageContaining("upsert")
                .hasMessageContaining("'lookup.shuffle'");
    }

    @Test
    void refusesDetectedHotKeysOnAnUpdatingInputButTakesThemOnAnInsertOnlyOne() {
        Map<String, String> detect =
                Map.of("lookup.shuffle", "true", "lookup.shuffle.hot-keys.detect", "true");
        assertThatThrownBy(
                        () ->
                                LookupJoinPlanRewrite.rewrite(
                                        plan(
                                                "[\"INSERT\",\"UPDATE_BEFORE\",\"UPDATE_AFTER\"]",
                                                false),
                                        t -> detect))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("updates or deletes")
                .hasMessageContaining("lookup.shuffle.hot-keys.detect");
        assertThat(LookupJoinPlanRewrite.rewrite(plan("[\"INSERT\"]", false), t -> detect).json)
                .contains("\"preferCustomShuffle\" : true");
    }
}
