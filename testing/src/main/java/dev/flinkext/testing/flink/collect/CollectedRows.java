package dev.flinkext.testing.flink.collect;

import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The rows written to each {@code 'connector' = 'collecting'} table of this JVM, by its name. */
public final class CollectedRows {

    private static final Map<String, Queue<Row>> ROWS = new ConcurrentHashMap<>();

    private CollectedRows() {}

    static void add(String name, Row row) {
        ROWS.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>()).add(row);
    }

    /** A copy of the rows written so far to table {@code name}, in arrival order per writer. */
    public static List<Row> of(String name) {
        return new ArrayList<>(ROWS.getOrDefault(name, new ConcurrentLinkedQueue<>()));
    }

    /** Forgets the rows of {@code name} (a test reusing a name starts empty). */
    public static void clear(String name) {
        ROWS.remove(name);
    }
}
