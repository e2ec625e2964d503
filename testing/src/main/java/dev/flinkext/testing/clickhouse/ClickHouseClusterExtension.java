package dev.flinkext.testing.clickhouse;

import dev.flinkext.testing.ServerExtension;

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
    protected ClickHouseCluster startServer() {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            hosts.add("127.0.0." + (2 + i));
        }
        return new ClickHouseCluster(ClickHouseLauncher.start(hosts, weights), weights);
    }

    @Override
    protected String sharingKey() {
        return "weights" + weights;
    }
}
