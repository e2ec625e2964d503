package dev.flinkext.udf.hll;

/** The refusal of retraction input, shared by the HLL aggregates. */
final class Retractions {

    private Retractions() {}

    static UnsupportedOperationException refused(String function) {
        return new UnsupportedOperationException(
                function
                        + " cannot consume retractions (UPDATE_BEFORE/DELETE rows): a HyperLogLog"
                        + " sketch cannot un-add a value, it only keeps the maximum per bucket."
                        + " Aggregate an insert-only input, e.g. the source table or a window"
                        + " aggregation, not the updating result of a GROUP BY or a join.");
    }
}
