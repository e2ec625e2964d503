package dev.flinkext.testing.clickhouse;

import dev.flinkext.testing.process.ServerProcesses;

import javax.annotation.Nullable;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Running ClickHouse servers forming the {@code remote_servers} cluster {@link #CLUSTER_NAME}: one
 * server per shard and replica, on 127.0.0.2, 127.0.0.3, ... with the same ports (shard by shard,
 * replica by replica). With several replicas per shard the servers coordinate through an in-JVM
 * ZooKeeper and know the macros {@code {shard}} and {@code {replica}}, for {@code
 * ReplicatedMergeTree('/clickhouse/tables/{shard}/t', '{replica}')}.
 *
 * <p>Close it to stop every server.
 */
public final class ClickHouseCluster implements ServerProcesses {

    /**
     * The {@code remote_servers} cluster name, for {@code Distributed(flinkext, db, table, key)}.
     */
    public static final String CLUSTER_NAME = ClickHouseLauncher.CLUSTER_NAME;

    private final List<List<ClickHouseServer>> replicas;
    private final List<ClickHouseServer> shards;
    private final List<ClickHouseServer> servers;
    private final List<Integer> weights;
    private final @Nullable AutoCloseable zooKeeper;

    ClickHouseCluster(List<ClickHouseServer> shards, List<Integer> weights) {
        this(shards.stream().map(List::of).toList(), weights, null);
    }

    ClickHouseCluster(
            List<List<ClickHouseServer>> replicas,
            List<Integer> weights,
            @Nullable AutoCloseable zooKeeper) {
        this.replicas = replicas.stream().map(List::copyOf).toList();
        this.shards = this.replicas.stream().map(r -> r.get(0)).toList();
        this.servers = this.replicas.stream().flatMap(List::stream).toList();
        this.weights = List.copyOf(weights);
        this.zooKeeper = zooKeeper;
    }

    /** The first replica of each shard, in the cluster's shard order. */
    public List<ClickHouseServer> shards() {
        return shards;
    }

    /** The (first replica) server of shard {@code index} (0-based). */
    public ClickHouseServer shard(int index) {
        return shards.get(index);
    }

    /** The replicas of shard {@code index} (0-based), in {@code replica_num} order. */
    public List<ClickHouseServer> replicas(int index) {
        return replicas.get(index);
    }

    /** Every server of the cluster, shard by shard. */
    public List<ClickHouseServer> servers() {
        return servers;
    }

    /** Runs {@code sql} on every server, shard by shard, replica by replica. */
    public void executeOnAll(String sql) {
        for (ClickHouseServer server : servers) {
            server.execute(sql);
        }
    }

    /**
     * Creates {@code default.<table>} on the first shard's server: a Distributed table over this
     * cluster's {@code default.<localTable>}, with its columns, sharded by {@code shardingKey}.
     */
    public void createDistributed(String table, String localTable, String shardingKey) {
        shard(0).execute(
                        "CREATE TABLE default."
                                + table
                                + " AS default."
                                + localTable
                                + " ENGINE = Distributed("
                                + CLUSTER_NAME
                                + ", default, "
                                + localTable
                                + ", "
                                + shardingKey
                                + ")");
    }

    public String clusterName() {
        return CLUSTER_NAME;
    }

    /** The shard weights, in shard order. */
    public List<Integer> weights() {
        return weights;
    }

    /** The servers' process ids, in shard order. */
    public List<Long> pids() {
        return servers.stream().map(ClickHouseServer::pid).toList();
    }

    /** Stops every server, all at once (each stop may take its grace period). */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stops =
                servers.stream()
                        .map(
                                shard ->
                                        CompletableFuture.runAsync(
                                                shard::close, ClickHouseCluster::startDaemon))
                        .toList();
        RuntimeException failure = null;
        for (CompletableFuture<Void> stop : stops) {
            try {
                stop.join();
            } catch (CompletionException e) {
                RuntimeException cause =
                        e.getCause() instanceof RuntimeException r
                                ? r
                                : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (zooKeeper != null) {
            try {
                zooKeeper.close();
            } catch (Exception e) {
                RuntimeException cause = new IllegalStateException("Stopping ZooKeeper failed", e);
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void startDaemon(Runnable task) {
        Thread thread = new Thread(task, "clickhouse-stop");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public String toString() {
        return "ClickHouseCluster(" + CLUSTER_NAME + ", weights " + weights + ", " + replicas + ")";
    }
}
