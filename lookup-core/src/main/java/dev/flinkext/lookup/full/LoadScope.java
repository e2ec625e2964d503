package dev.flinkext.lookup.full;

import java.io.Serializable;

/**
 * Which share of a dimension table a FULL cache loads: everything ({@link #all()}), or only the
 * keys that hash to one subtask of n (for hash-partitioned lookup joins).
 *
 * @param subtask this subtask's index, 0-based
 * @param numSubtasks the number of subtasks sharing the table; 1 means everything
 */
public record LoadScope(int subtask, int numSubtasks) implements Serializable {

    public LoadScope {
        if (numSubtasks < 1 || subtask < 0 || subtask >= numSubtasks) {
            throw new IllegalArgumentException(
                    "Invalid load scope: subtask " + subtask + " of " + numSubtasks);
        }
    }

    public static LoadScope all() {
        return new LoadScope(0, 1);
    }

    public boolean isAll() {
        return numSubtasks == 1;
    }
}
