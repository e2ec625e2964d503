package dev.flinkext.connector.redis.lookup;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.function.Predicate;

/** An unbounded query whose rows a test reads one by one; closing it cancels the job. */
final class RunningQuery implements AutoCloseable {

    private final CloseableIterator<Row> rows;

    RunningQuery(TableEnvironment tEnv, String query) {
        TableResult result = tEnv.executeSql(query);
        this.rows = result.collect();
    }

    Row next() {
        if (!rows.hasNext()) {
            throw new AssertionError("the query ended");
        }
        return rows.next();
    }

    /**
     * Reads until a row matches, at most {@code limit} rows (a bounded wait, not a timing test).
     */
    Row until(Predicate<Row> condition, int limit) {
        for (int i = 0; i < limit; i++) {
            Row row = next();
            if (condition.test(row)) {
                return row;
            }
        }
        throw new AssertionError("no matching row among the next " + limit + " rows");
    }

    @Override
    public void close() throws Exception {
        rows.close();
    }
}
