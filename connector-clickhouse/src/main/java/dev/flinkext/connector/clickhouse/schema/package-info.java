/**
 * ClickHouse column types as the server reports them in {@code system.columns.type}: {@link
 * dev.flinkext.connector.clickhouse.schema.ClickHouseType} and its parser {@link
 * dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser}.
 */
package dev.flinkext.connector.clickhouse.schema;
