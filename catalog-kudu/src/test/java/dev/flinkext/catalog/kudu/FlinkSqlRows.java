package dev.flinkext.catalog.kudu;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.List;

/** The rows of a SHOW, DESCRIBE or query statement, as strings. */
final class FlinkSqlRows {

    private FlinkSqlRows() {}

    static List<String> rows(TableEnvironment env, String statement) {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(statement).collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        return out;
    }
}
