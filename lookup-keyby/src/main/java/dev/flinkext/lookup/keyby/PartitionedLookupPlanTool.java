package dev.flinkext.lookup.keyby;

import dev.flinkext.common.sql.SqlScript;

import org.apache.flink.table.api.CompiledPlan;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the SQL client and gateway (which plan every statement themselves): compiles a SQL script's
 * INSERTs into a plan file whose lookup joins of tables with {@code 'lookup.shuffle' = 'true'} are
 * partitioned ({@link PartitionedLookupPlans}), for {@code EXECUTE PLAN '<file>'}.
 *
 * <pre>
 * java -cp 'flinkext-lookup-keyby.jar:flink/lib/*' dev.flinkext.lookup.keyby.PartitionedLookupPlanTool \
 *     compile job.sql job-plan.json
 * </pre>
 *
 * The script's other statements (CREATE, SET, USE, ...) run first, in order, in a streaming session
 * of this JVM; its INSERTs (plain, or in one {@code EXECUTE STATEMENT SET BEGIN ... END}) become
 * one plan. The plan holds the tables' options as Flink persists them ({@code
 * table.plan.compile.catalog-objects}, default ALL): treat the file like the script (it may hold
 * passwords).
 */
public final class PartitionedLookupPlanTool {

    private static final Pattern STATEMENT_SET =
            Pattern.compile(
                    "(?is)^\\s*(?:EXECUTE\\s+)?STATEMENT\\s+SET\\s+BEGIN\\s+(.*)\\s+END\\s*$");

    private PartitionedLookupPlanTool() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[0].equals("compile")) {
            usage(System.err);
            System.exit(2);
        }
        Path script = Path.of(args[1]);
        Path plan = Path.of(args[2]);
        TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        compile(tableEnv, Files.readString(script, StandardCharsets.UTF_8)).writeToFile(plan, true);
        System.out.println("Wrote " + plan + ": run it with EXECUTE PLAN '" + plan + "';");
    }

    /**
     * Runs the script's statements but its INSERTs in {@code tableEnv}, and compiles the INSERTs
     * into one plan with partitioned lookup joins.
     *
     * @throws IllegalArgumentException when the script has no INSERT
     */
    public static CompiledPlan compile(TableEnvironment tableEnv, String script) {
        List<String> inserts = new ArrayList<>();
        for (String statement : SqlScript.split(script)) {
            Matcher set = STATEMENT_SET.matcher(statement);
            List<String> parts = set.matches() ? SqlScript.split(set.group(1)) : List.of(statement);
            for (String part : parts) {
                if (isInsert(part)) {
                    inserts.add(part);
                } else {
                    tableEnv.executeSql(part);
                }
            }
        }
        if (inserts.isEmpty()) {
            throw new IllegalArgumentException(
                    "The script has no INSERT statement: a compiled plan is made of INSERTs");
        }
        return PartitionedLookupPlans.compilePlan(tableEnv, inserts);
    }

    private static boolean isInsert(String statement) {
        String code = statement.replaceAll("(?s)/\\*.*?\\*/|--[^\\n]*", " ").trim();
        String upper = code.toUpperCase(Locale.ROOT);
        return upper.startsWith("INSERT ") || upper.startsWith("INSERT\n");
    }

    private static void usage(PrintStream out) {
        out.println("usage: PartitionedLookupPlanTool compile <script.sql> <plan.json>");
        out.println(
                "  compiles the script's INSERTs into a plan file whose lookup joins of tables");
        out.println("  with 'lookup.shuffle' = 'true' are partitioned; run it with EXECUTE PLAN.");
    }
}
