/**
 * The append-only ClickHouse sink: {@link dev.flinkext.connector.clickhouse.sink.ClickHouseSink} is
 * sink-core's {@code BufferedSink} over a row converter (row to RowBinary bytes), entry traits
 * (appends commute, are not idempotent) and a batch writer (one RowBinary INSERT per batch through
 * client-v2). Upserts by table engine and write-local for Distributed tables are still to come.
 */
package dev.flinkext.connector.clickhouse.sink;
