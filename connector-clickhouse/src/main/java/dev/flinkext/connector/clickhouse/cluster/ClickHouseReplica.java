package dev.flinkext.connector.clickhouse.cluster;

import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;

import java.io.Serializable;
import java.util.Objects;

/**
 * One replica of a shard, as {@code system.clusters} lists it, with the HTTP endpoint to write to.
 *
 * @param replicaNum 1-based, as the server numbers it within the shard
 * @param hostName the host as written in {@code remote_servers}
 * @param hostAddress the address the server resolved it to
 * @param tcpPort the native (TCP) port from {@code remote_servers}: not the one HTTP writes use
 * @param http the HTTP(S) endpoint derived by the {@link ShardEndpoints} in use
 */
public record ClickHouseReplica(
        int replicaNum, String hostName, String hostAddress, int tcpPort, ClickHouseEndpoint http)
        implements Serializable {

    public ClickHouseReplica {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(hostAddress, "hostAddress");
        Objects.requireNonNull(http, "http");
    }
}
