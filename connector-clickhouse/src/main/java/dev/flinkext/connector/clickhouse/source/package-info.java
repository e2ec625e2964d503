/**
 * The bounded FLIP-27 scan source: one split per shard and partition ({@link
 * dev.flinkext.connector.clickhouse.source.ClickHouseSplitPlanner}), each read as one streamed
 * RowBinary query and resumable by the rows it emitted.
 */
package dev.flinkext.connector.clickhouse.source;
