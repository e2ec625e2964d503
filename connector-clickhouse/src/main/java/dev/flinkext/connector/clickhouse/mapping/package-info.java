/**
 * Flink {@code RowData} to ClickHouse RowBinary: the wire encoding ({@link
 * dev.flinkext.connector.clickhouse.mapping.RowBinaryOutput}, {@link
 * dev.flinkext.connector.clickhouse.mapping.RowBinaryInput}), one writer per column chosen once
 * from the pair of types ({@link dev.flinkext.connector.clickhouse.mapping.FieldWriters}, whose
 * Javadoc has the type mapping), and the planning-time check of a Flink row type against a table's
 * columns ({@link dev.flinkext.connector.clickhouse.mapping.ClickHouseRowMapping}).
 *
 * <p>Depends on {@code schema} only (not on {@code client}, which reads RowBinary through this
 * package).
 */
package dev.flinkext.connector.clickhouse.mapping;
