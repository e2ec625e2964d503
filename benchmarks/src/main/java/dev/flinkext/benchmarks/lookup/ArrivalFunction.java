package dev.flinkext.benchmarks.lookup;

import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code ARRIVE(id, v)} after the lookup join (it reads a dimension column, so it runs in the
 * join's chain, on the row the join emits): records when row {@code id} came out, how often, and
 * whether {@code v} is its dimension value, a NULL (missed) or something else. Returns {@code v}
 * for the blackhole sink.
 */
public final class ArrivalFunction extends ScalarFunction {

    public String eval(Long id, String v) {
        LateRowLog.current().arrive(id, v);
        return v;
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }
}
