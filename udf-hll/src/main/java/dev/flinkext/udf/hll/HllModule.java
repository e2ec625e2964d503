package dev.flinkext.udf.hll;

import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.module.Module;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** {@code LOAD MODULE hll}: every HLL function at once, under its SQL name. */
public class HllModule implements Module {

    private static final Map<String, Supplier<FunctionDefinition>> FUNCTIONS =
            Map.of(
                    "estimate_prepare", EstimatePrepare::new,
                    "estimate_merge", EstimateMerge::new,
                    "estimate_compute", EstimateCompute::new,
                    "approx_set", ApproxSet::new,
                    "hll_merge", HllMerge::new,
                    "hll_cardinality", HllCardinality::new,
                    "hll_merge2", HllMerge2::new);

    @Override
    public Set<String> listFunctions() {
        return FUNCTIONS.keySet();
    }

    @Override
    public Optional<FunctionDefinition> getFunctionDefinition(String name) {
        Supplier<FunctionDefinition> function = FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(function).map(Supplier::get);
    }
}
