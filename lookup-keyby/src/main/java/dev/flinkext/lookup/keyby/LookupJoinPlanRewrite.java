package dev.flinkext.lookup.keyby;

import dev.flinkext.lookup.config.LookupCoreOptions;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.api.ValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Switches on, in a compiled plan's JSON, the partitioned lookup of every lookup join whose
 * dimension table has {@code lookup.shuffle} = {@code true}: the join's {@code preferCustomShuffle}
 * flag, which Flink's planner otherwise sets only for a {@code LOOKUP('shuffle'='true')} hint. When
 * the plan is loaded, the planner then does what it does for the hint: it asks the table for its
 * partitioner ({@code SupportsLookupCustomShuffle}) and routes the join's input through it.
 *
 * <p>Flink drops that partitioning without a word in two cases, which are refused here instead: a
 * lookup join whose input the planner materializes (upsert materialization), and a
 * non-deterministic partitioner (hot-key spreading) on an input with updates or deletes.
 */
final class LookupJoinPlanRewrite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOOKUP_JOIN_TYPE = "stream-exec-lookup-join";

    private LookupJoinPlanRewrite() {}

    /** The rewritten plan and the lookup joins it partitioned. */
    static final class Result {
        final String json;
        final List<String> partitionedTables;

        Result(String json, List<String> partitionedTables) {
            this.json = json;
            this.partitionedTables = List.copyOf(partitionedTables);
        }
    }

    /**
     * @param tableOptions the WITH options of a lookup table, by its identifier as the plan writes
     *     it ({@code `catalog`.`database`.`table`}); the plan itself holds them only for permanent
     *     tables, so they come from the session
     */
    static Result rewrite(String planJson, Function<String, Map<String, String>> tableOptions) {
        JsonNode plan;
        try {
            plan = JSON.readTree(planJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a compiled plan's JSON", e);
        }
        List<String> partitioned = new ArrayList<>();
        for (JsonNode node : plan.path("nodes")) {
            if (node.path("type").asText("").startsWith(LOOKUP_JOIN_TYPE)) {
                rewriteLookupJoin((ObjectNode) node, tableOptions).ifPresent(partitioned::add);
            }
        }
        try {
            return new Result(
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(plan), partitioned);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the rewritten plan", e);
        }
    }

    /** The table's identifier if this join is partitioned now; empty if it is left alone. */
    private static Optional<String> rewriteLookupJoin(
            ObjectNode join, Function<String, Map<String, String>> tableOptions) {
        JsonNode identifier = join.path("temporalTable").findPath("identifier");
        if (!identifier.isTextual()) {
            return Optional.empty(); // an anonymous table: no options of ours can be on it
        }
        String table = identifier.asText();
        Map<String, String> options = tableOptions.apply(table);
        if (!isTrue(options.get(LookupCoreOptions.SHUFFLE.key()))) {
            return Optional.empty();
        }
        if (join.path("requireUpsertMaterialize").asBoolean(false)) {
            throw new ValidationException(
                    "The lookup join of table "
                            + table
                            + " ('"
                            + LookupCoreOptions.SHUFFLE.key()
                            + "' = 'true') materializes its updating input (the planner's upsert"
                            + " materialization), and Flink applies no lookup partitioning to such"
                            + " a join. Join an insert-only input, or set '"
                            + LookupCoreOptions.SHUFFLE.key()
                            + "' = 'false'.");
        }
        if (spreadsHotKeys(options) && !insertOnly(join.path("inputChangelogMode"))) {
            throw new ValidationException(
                    "The lookup join of table "
                            + table
                            + " has an input with updates or deletes (changelog "
                            + join.path("inputChangelogMode")
                            + "), and the table spreads hot keys ('"
                            + LookupCoreOptions.SHUFFLE_HOT_KEYS.key()
                            + "' or '"
                            + LookupCoreOptions.SHUFFLE_HOT_KEYS_DETECT.key()
                            + "'): spreading one key's changes over several subtasks would"
                            + " reorder them, so Flink would drop the partitioning. Remove the hot"
                            + " keys for this table, or join an insert-only input.");
        }
        join.put("preferCustomShuffle", true);
        return Optional.of(table);
    }

    private static boolean spreadsHotKeys(Map<String, String> options) {
        String hotKeys = options.get(LookupCoreOptions.SHUFFLE_HOT_KEYS.key());
        return (hotKeys != null && !hotKeys.isBlank())
                || isTrue(options.get(LookupCoreOptions.SHUFFLE_HOT_KEYS_DETECT.key()));
    }

    private static boolean isTrue(String value) {
        return value != null && value.trim().equalsIgnoreCase("true");
    }

    /** A plan's changelog mode is a list of row kinds; a missing one means insert-only. */
    private static boolean insertOnly(JsonNode changelogMode) {
        if (changelogMode.isMissingNode() || changelogMode.isNull()) {
            return true;
        }
        for (JsonNode kind : changelogMode) {
            if (!kind.asText().equals("INSERT")) {
                return false;
            }
        }
        return true;
    }
}
