/**
 * ClickHouse's own hash functions and Distributed-table shard choice, reproduced in Java so a sink
 * can write each row to the local table of the shard ClickHouse itself would pick.
 */
package dev.flinkext.connector.clickhouse.sharding;
