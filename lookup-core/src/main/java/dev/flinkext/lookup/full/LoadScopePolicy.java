package dev.flinkext.lookup.full;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.table.functions.FunctionContext;

/**
 * Decides which {@link LoadScope} a subtask's FULL cache loads. {@link #ALL} (the default) loads
 * the whole table in every subtask; {@link #PER_SUBTASK} loads only the keys of this subtask, for
 * lookup joins whose input is hash-partitioned on the lookup key (the keyBy lookup join).
 */
public enum LoadScopePolicy {
    /** Every subtask sees the whole table. */
    ALL {
        @Override
        public LoadScope scopeFor(FunctionContext context) {
            return LoadScope.all();
        }
    },

    /** Subtask i of n loads only the keys that belong to subtask i (the loader filters). */
    PER_SUBTASK {
        @Override
        public LoadScope scopeFor(FunctionContext context) {
            TaskInfo task = context.getTaskInfo();
            return new LoadScope(task.getIndexOfThisSubtask(), task.getNumberOfParallelSubtasks());
        }
    };

    /** The scope of the subtask that {@code context} belongs to. */
    public abstract LoadScope scopeFor(FunctionContext context);
}
