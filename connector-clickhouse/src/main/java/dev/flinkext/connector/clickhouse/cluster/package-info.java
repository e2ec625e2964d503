/**
 * The layout of a Distributed table as the server describes it: the engine's arguments (cluster,
 * remote database and table, sharding expression) from {@code system.tables.engine_full}, and the
 * cluster's shards, weights and replicas from {@code system.clusters}, each replica with the HTTP
 * endpoint a writer uses.
 */
package dev.flinkext.connector.clickhouse.cluster;
