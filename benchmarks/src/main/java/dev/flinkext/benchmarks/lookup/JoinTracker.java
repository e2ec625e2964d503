package dev.flinkext.benchmarks.lookup;

import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code TRACK(k, v)} after a lookup join (it reads a dimension column, so it runs in the join's
 * subtask): counts the rows and the distinct keys each subtask joined and checks that {@code v} is
 * {@code 'v-' || k}; returns {@code v}. A subtask publishes its counts when it closes, into a
 * static map (MiniCluster only: the tasks run in this JVM).
 *
 * <p>With a PARTIAL cache large enough never to evict, the distinct keys a subtask joined are the
 * entries a cache of its own (one per task manager on a real cluster) ends up holding.
 */
public final class JoinTracker extends ScalarFunction {

    /** What one subtask joined. */
    record SubtaskJoins(long rows, int distinctKeys, long wrong) {}

    private static final Map<Integer, SubtaskJoins> RESULTS = new ConcurrentHashMap<>();

    private transient int subtask;
    private transient long rows;
    private transient long wrong;
    private transient Set<Long> keys;

    /** Forgets the counts of the previous job. */
    static void reset() {
        RESULTS.clear();
    }

    /** The counts of the last job, by subtask index. */
    static Map<Integer, SubtaskJoins> results() {
        return new TreeMap<>(RESULTS);
    }

    @Override
    public void open(FunctionContext context) {
        subtask = context.getTaskInfo().getIndexOfThisSubtask();
        rows = 0;
        wrong = 0;
        keys = new HashSet<>();
    }

    public String eval(Long k, String v) {
        rows++;
        keys.add(k);
        if (v == null || !v.equals("v-" + k)) {
            wrong++;
        }
        return v;
    }

    @Override
    public void close() {
        RESULTS.merge(
                subtask,
                new SubtaskJoins(rows, keys.size(), wrong),
                (a, b) ->
                        new SubtaskJoins(
                                a.rows() + b.rows(),
                                a.distinctKeys() + b.distinctKeys(),
                                a.wrong() + b.wrong()));
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }
}
