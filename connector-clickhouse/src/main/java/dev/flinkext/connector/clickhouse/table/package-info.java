/** The SQL face of the connector's sink ({@code 'connector' = 'clickhouse'}). */
package dev.flinkext.connector.clickhouse.table;
