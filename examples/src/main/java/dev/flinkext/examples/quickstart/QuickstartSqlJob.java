package dev.flinkext.examples.quickstart;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The quick-start demo: a small Flink SQL job on a local MiniCluster (no servers needed). It reads
 * {@code quickstart.sql}: a bounded datagen table of orders, and a query that sums them per
 * category. Later examples add flinkext's connectors on embedded servers.
 */
public final class QuickstartSqlJob {

    private QuickstartSqlJob() {}

    public static void main(String[] args) throws Exception {
        List<Row> rows = run();
        System.out.println("category | orders | revenue");
        for (Row row : rows) {
            System.out.printf(
                    "%8s | %6s | %s%n", row.getField(0), row.getField(1), row.getField(2));
        }
    }

    /** Runs the demo's DDL and query in batch mode on a local MiniCluster and returns its rows. */
    public static List<Row> run() throws IOException {
        TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        String[] statements = readScript().split(";\\s*\\n");
        for (int i = 0; i < statements.length - 1; i++) {
            tableEnv.executeSql(statements[i]);
        }
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> result =
                tableEnv.executeSql(statements[statements.length - 1]).collect()) {
            result.forEachRemaining(rows::add);
        } catch (Exception e) {
            throw new IllegalStateException("The quick-start query failed", e);
        }
        return rows;
    }

    private static String readScript() throws IOException {
        try (InputStream in = QuickstartSqlJob.class.getResourceAsStream("/quickstart.sql")) {
            if (in == null) {
                throw new IOException("quickstart.sql is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .trim()
                    .replaceAll(";$", "");
        }
    }
}
