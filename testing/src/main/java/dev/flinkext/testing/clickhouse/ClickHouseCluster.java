package dev.flinkext.testing.clickhouse;

import dev.flinkext.testing.process.ServerProcesses;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Running ClickHouse servers forming the {@code remote_servers} cluster {@link #CLUSTER_NAME}: one
 * server per shard, each shard a single replica, on 127.0.0.2, 127.0.0.3, ... with the same ports.
 *
 * <p>Close it to stop every server.
 */
public final class ClickHouseCluster implements ServerProcesses {

    /**
     * The {@code remote_servers} cluster name, for {@code Distributed(flinkext, db, table, key)}.
     */
    public static final String CLUSTER_NAME = ClickHouseLauncher.CLUSTER_NAME;

    private final List<ClickHouseServer> shards;
    private final List<Integer> weights;

    ClickHouseCluster(List<ClickHouseServer> shards, List<Integer> weights) {
        this.shards = List.copyOf(shards);
        this.weights = List.copyOf(weights);
    }

    /** One server per shard, in the cluster's shard order. */
    public List<ClickHouseServer> shards() {
        return shards;
    }

    /** The server of shard {@code index} (0-based). */
    public ClickHouseServer shard(int index) {
        return shards.get(index);
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
        return shards.stream().map(ClickHouseServer::pid).toList();
    }

    /** Stops every server, all at once (each stop may take its grace period). */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stops =
                shards.stream()
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
        return "ClickHouseCluster(" + CLUSTER_NAME + ", weights " + weights + ", " + shards + ")";
    }
}
