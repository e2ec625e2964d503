package dev.flinkext.udf.hll;

/** {@code CREATE FUNCTION estimate_prepare AS 'dev.flinkext.udf.hll.EstimatePrepare'}. */
public class EstimatePrepare extends HllPrepareFunction {
    public EstimatePrepare() {
        super("estimate_prepare");
    }
}
