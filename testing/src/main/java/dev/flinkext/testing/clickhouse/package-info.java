/**
 * Real ClickHouse servers for tests: Debian's {@code clickhouse-server} (18.16.1 on bookworm, apt
 * package {@code clickhouse-server}) started as child processes on loopback.
 *
 * <ul>
 *   <li>{@link dev.flinkext.testing.clickhouse.ClickHouseServerExtension}: one server on 127.0.0.1.
 *   <li>{@link dev.flinkext.testing.clickhouse.ClickHouseClusterExtension}: one server per shard on
 *       127.0.0.2, 127.0.0.3, ... (same ports), for Distributed tables over the cluster {@link
 *       dev.flinkext.testing.clickhouse.ClickHouseCluster#CLUSTER_NAME}.
 * </ul>
 *
 * <p>What 18.16 means for clients and tests:
 *
 * <ul>
 *   <li>It answers {@code compress=1} (ClickHouse-compressed HTTP responses) with an empty body:
 *       clients must use {@code compress=0} / {@code compress=false}; leave {@code
 *       enable_http_compression} at 0 unless the client really decodes gzip.
 *   <li>It has {@code insert_distributed_sync=1} (pass it as a query setting to make an INSERT into
 *       a Distributed table land on the shards before it returns) but no {@code SYSTEM FLUSH
 *       DISTRIBUTED}, no query parameters, no {@code async_insert}, no DateTime64/Map/Bool.
 *   <li>Running as root is fine (no complaint, no user switch).
 *   <li>On SIGTERM it stops in well under a second, but waits for idle HTTP keep-alive connections
 *       to time out first; the servers are therefore killed one second after SIGTERM.
 *   <li>A shard on 127.0.0.1 with the server's own tcp port counts as local ({@code
 *       system.clusters.is_local = 1}); shards on 127.0.0.2/.3 do not, even for the server
 *       listening there ({@code is_local = 0}): every shard of the test cluster is reached over
 *       TCP.
 * </ul>
 */
package dev.flinkext.testing.clickhouse;
