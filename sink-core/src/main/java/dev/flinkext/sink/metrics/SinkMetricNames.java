package dev.flinkext.sink.metrics;

/**
 * Metric names shared by every flinkext sink, so dashboards work across connectors. They live in
 * the sub-group {@value #GROUP} of the sink writer's metric group, beside Flink's standard {@code
 * numRecordsSend}.
 */
public final class SinkMetricNames {

    private SinkMetricNames() {}

    /** Sub-group of the writer's metric group. */
    public static final String GROUP = "sink";

    /** Batches written and confirmed. */
    public static final String FLUSHES = "numFlushes";

    /** Rows written (after reduce-by-key: the rows whose writes reached the store). */
    public static final String ROWS = "numRows";

    /** Store writes (entries) confirmed; a row may map to several. */
    public static final String ENTRIES = "numEntries";

    /** Estimated bytes of the confirmed entries. */
    public static final String BYTES = "numBytes";

    /** Retry rounds of unconfirmed entries. */
    public static final String RETRIES = "numRetries";

    /** Rows replaced in the buffer by a later row of the same key (reduce-by-key). */
    public static final String REDUCED_ROWS = "numReducedRows";

    /** Milliseconds from a batch's first attempt to its confirmation (histogram). */
    public static final String FLUSH_LATENCY_MS = "flushLatencyMs";

    /** Batches written but not yet confirmed (gauge). */
    public static final String IN_FLIGHT_BATCHES = "inFlightBatches";
}
