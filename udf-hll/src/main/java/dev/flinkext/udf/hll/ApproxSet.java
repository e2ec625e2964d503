package dev.flinkext.udf.hll;

/** Presto's name for {@link EstimatePrepare}: {@code approx_set(x [, max_standard_error])}. */
public class ApproxSet extends HllPrepareFunction {
    public ApproxSet() {
        super("approx_set");
    }
}
