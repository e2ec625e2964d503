package dev.flinkext.testing.clickhouse;

import dev.flinkext.testing.ServerExtension;

import org.apache.curator.test.TestingServer;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a ClickHouse cluster for Distributed-table tests: one server per shard, on 127.0.0.2,
 * 127.0.0.3, ... with the same ports, all knowing the {@code remote_servers} cluster {@link
 * ClickHouseCluster#CLUSTER_NAME}. Two shards of weight 1 unless {@link #shardWeights} says
 * otherwise.
 *
 * <p>Each shard has its own address because with 127.0.0.1 and one shared tcp port every server
 * would take the shard for itself as local.
 */
public class ClickHouseClusterExtension extends ServerExtension<ClickHouseCluster> {

    private List<Integer> weights = List.of(1, 1);
    private int replicas = 1;

    /**
     * Replicas per shard (default 1). With more, an in-JVM ZooKeeper (Curator's {@code
     * TestingServer}) starts with the cluster, {@code internal_replication} is on and every server
     * has the macros {@code {shard}} and {@code {replica}}.
     */
    public ClickHouseClusterExtension replicas(int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("a shard needs at least one replica: " + replicas);
        }
        this.replicas = replicas;
        return this;
    }

    /** One shard per weight, e.g. {@code shardWeights(1, 3)}: two shards, the second 3x. */
    public ClickHouseClusterExtension shardWeights(int... weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("a cluster needs at least one shard");
        }
        List<Integer> list = new ArrayList<>();
        for (int weight : weights) {
            if (weight < 1) {
                throw new IllegalArgumentException("shard weights must be positive: " + weight);
            }
            list.add(weight);
        }
        this.weights = List.copyOf(list);
        return this;
    }

    @Override
    protected ClickHouseCluster startServer() throws Exception {
        List<List<String>> hosts = new ArrayList<>();
        for (int shard = 0; shard < weights.size(); shard++) {
            List<String> shardHosts = new ArrayList<>();
            for (int replica = 0; replica < replicas; replica++) {
                shardHosts.add("127.0.0." + (2 + shard * replicas + replica));
            }
            hosts.add(shardHosts);
        }
        if (replicas == 1) {
            List<ClickHouseServer> servers = ClickHouseLauncher.start(hosts, weights, null, 0);
            return new ClickHouseCluster(servers, weights);
        }
        TestingServer zooKeeper = new TestingServer(true);
        try {
            List<ClickHouseServer> servers =
                    ClickHouseLauncher.start(hosts, weights, "127.0.0.1", zooKeeper.getPort());
            List<List<ClickHouseServer>> byShard = new ArrayList<>();
            for (int shard = 0; shard < weights.size(); shard++) {
                byShard.add(servers.subList(shard * replicas, (shard + 1) * replicas));
            }
            return new ClickHouseCluster(byShard, weights, zooKeeper);
        } catch (RuntimeException e) {
            zooKeeper.close();
            throw e;
        }
    }

    @Override
    protected String sharingKey() {
        return "weights" + weights + (replicas == 1 ? "" : " replicas " + replicas);
    }
}
