/**
 * ClickHouse SQL connector ({@code 'connector' = 'clickhouse'}): sink, lookup and bounded scan over
 * client-v2's HTTP transport, with RowBinary encoding written against the live table schema.
 */
package dev.flinkext.connector.clickhouse;
