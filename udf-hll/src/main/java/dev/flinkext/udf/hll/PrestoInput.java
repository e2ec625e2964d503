package dev.flinkext.udf.hll;

import dev.flinkext.udf.hll.sketch.HllSketch;

/** Adds a SQL value to a sketch hashed as Presto's {@code approx_set} hashes its type. */
final class PrestoInput {

    private PrestoInput() {}

    static void add(HllSketch sketch, Object value, String function) {
        if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            // Presto widens INTEGER/SMALLINT/TINYINT to BIGINT before approx_set
            sketch.addBigint(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            // REAL is widened to DOUBLE, as Presto's implicit coercion does
            sketch.addDouble(((Number) value).doubleValue());
        } else if (value instanceof String) {
            sketch.addVarchar((String) value);
        } else if (value instanceof byte[]) {
            sketch.addBytes((byte[]) value);
        } else {
            throw new IllegalArgumentException(
                    function
                            + " accepts BIGINT (INT, SMALLINT, TINYINT), DOUBLE (FLOAT), STRING and"
                            + " BYTES, as Presto's approx_set; got "
                            + value.getClass().getName()
                            + ". Cast the argument to one of those types.");
        }
    }
}
