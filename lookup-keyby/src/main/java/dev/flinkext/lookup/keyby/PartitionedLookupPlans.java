package dev.flinkext.lookup.keyby;

import dev.flinkext.lookup.config.LookupCoreOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.CompiledPlan;
import org.apache.flink.table.api.PlanReference;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.ObjectIdentifier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Partitioned lookup joins without the LOOKUP hint: for every lookup join of a table with {@code
 * 'lookup.shuffle' = 'true'}, a statement run through here has its input partitioned by the lookup
 * key with the table's own partitioner, exactly as the hint {@code /*+ LOOKUP('table'='d',
 * 'shuffle'='true') *}{@code /} would (Flink's planner offers no hint-free switch).
 *
 * <p>How: the statement is compiled into Flink's compiled plan (public API: {@link
 * TableEnvironment#compilePlanSql}), {@link LookupJoinPlanRewrite} sets each such join's
 * partitioning flag in the plan, and the plan is loaded back, so the planner builds the shuffle
 * itself. What Flink would drop silently (upsert-materialized inputs; spread hot keys on an
 * updating input) is refused with a message instead. A statement planned any other way fails at
 * planning time, naming the hint and this class, instead of running unpartitioned.
 *
 * <p>Streaming INSERT statements (and statement sets) only: those are what Flink compiles into
 * plans. For the SQL client, {@link PartitionedLookupPlanTool} writes the plan to a file for {@code
 * EXECUTE PLAN}.
 */
public final class PartitionedLookupPlans {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionedLookupPlans.class);

    private PartitionedLookupPlans() {}

    /** Compiles one INSERT statement, with its lookup joins partitioned. */
    public static CompiledPlan compilePlanSql(TableEnvironment tableEnv, String insertSql) {
        return rewrite(tableEnv, compiling(tableEnv, () -> tableEnv.compilePlanSql(insertSql)));
    }

    /**
     * Compiles INSERT statements into one plan (a statement set), with their lookup joins
     * partitioned. (Not from a {@link StatementSet} built before: its statements were planned
     * against the tables when they were added.)
     */
    public static CompiledPlan compilePlan(TableEnvironment tableEnv, List<String> insertSqls) {
        return rewrite(
                tableEnv,
                compiling(
                        tableEnv,
                        () -> {
                            StatementSet statements = tableEnv.createStatementSet();
                            insertSqls.forEach(statements::addInsertSql);
                            return statements.compilePlan();
                        }));
    }

    /** Runs one INSERT statement, with its lookup joins partitioned. */
    public static TableResult executeSql(TableEnvironment tableEnv, String insertSql) {
        return compilePlanSql(tableEnv, insertSql).execute();
    }

    private static CompiledPlan rewrite(TableEnvironment tableEnv, CompiledPlan plan) {
        LookupJoinPlanRewrite.Result result =
                LookupJoinPlanRewrite.rewrite(
                        plan.asJsonString(), table -> optionsOf(tableEnv, table));
        LOG.info(
                "Partitioned lookup joins of {} (by each table's own partitioner)",
                result.partitionedTables.isEmpty() ? "no table" : result.partitionedTables);
        return tableEnv.loadPlan(PlanReference.fromJsonString(result.json));
    }

    /** The WITH options of a table of the session (temporary or not), by its plan identifier. */
    private static Map<String, String> optionsOf(TableEnvironment tableEnv, String identifier) {
        ObjectIdentifier id = PlanIdentifier.parse(identifier);
        return ((TableEnvironmentInternal) tableEnv)
                .getCatalogManager()
                .getTable(id)
                .map(table -> table.getResolvedTable().getOptions())
                .orElseThrow(
                        () ->
                                new ValidationException(
                                        "The plan joins table "
                                                + identifier
                                                + ", which this session does not know"));
    }

    /**
     * Runs {@code compile} with the session flag that lets lookup sources with {@code
     * lookup.shuffle} be planned without the partitioning (it is switched on in the plan after).
     */
    private static <T> T compiling(TableEnvironment tableEnv, Supplier<T> compile) {
        Configuration config = tableEnv.getConfig().getConfiguration();
        boolean before = config.get(LookupCoreOptions.SHUFFLE_PLAN_REWRITE_COMPILING);
        config.set(LookupCoreOptions.SHUFFLE_PLAN_REWRITE_COMPILING, true);
        try {
            return compile.get();
        } finally {
            config.set(LookupCoreOptions.SHUFFLE_PLAN_REWRITE_COMPILING, before);
        }
    }
}
