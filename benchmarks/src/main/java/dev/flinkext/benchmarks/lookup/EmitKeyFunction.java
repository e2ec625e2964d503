package dev.flinkext.benchmarks.lookup;

import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code EMIT_KEY(id)}: the probe's join key, computed in the source's chain right before the
 * lookup join, so the time it records is when the row reaches the join. For a late row it also
 * schedules the write of its dimension row ({@link LateDimensionWriter}). Returns {@code id}.
 */
public final class EmitKeyFunction extends ScalarFunction {

    public Long eval(Long id) {
        LateRowLog.current().emit(id);
        return id;
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }
}
