package dev.flinkext.udf.hll;

/** Presto's {@code cardinality(HyperLogLog)} under a name Flink does not reserve. */
public class HllCardinality extends EstimateCompute {}
