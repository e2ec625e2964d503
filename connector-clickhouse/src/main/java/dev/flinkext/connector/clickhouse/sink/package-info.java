/**
 * The ClickHouse sink: {@link dev.flinkext.connector.clickhouse.sink.ClickHouseSink} is sink-core's
 * {@code BufferedSink} over a row converter (row to RowBinary bytes, plus the sign, version or
 * is_deleted columns the sink fills), entry traits (appends commute and are not idempotent;
 * changelog rows are keyed by their primary key, whose order sink-core keeps) and a batch writer
 * (one RowBinary INSERT per batch through client-v2). With a primary key, {@code
 * ClickHouseChangelogPlan} decides at planning time, from the table engine ({@code
 * ClickHouseEngine}), how each row kind is applied. Mutations and write-local for Distributed
 * tables are still to come.
 */
package dev.flinkext.connector.clickhouse.sink;
