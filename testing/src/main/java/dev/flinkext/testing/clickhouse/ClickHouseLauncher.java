package dev.flinkext.testing.clickhouse;

import dev.flinkext.testing.process.Binaries;
import dev.flinkext.testing.process.FreePorts;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one server per host, all on the same ports and all knowing the same {@code remote_servers}
 * cluster with one shard per host. Retries with fresh ports when another process takes a chosen
 * port between picking and binding (the machine is shared).
 */
final class ClickHouseLauncher {

    /** The name of the {@code remote_servers} cluster every test server knows. */
    static final String CLUSTER_NAME = "flinkext";

    private static final int ATTEMPTS = 3;

    private ClickHouseLauncher() {}

    static List<ClickHouseServer> start(List<String> hosts, List<Integer> weights) {
        List<List<String>> shards = hosts.stream().map(List::of).toList();
        return start(shards, weights, null, 0);
    }

    /**
     * Starts every replica of every shard ({@code hostsByShard}: per shard its replicas' hosts), in
     * shard then replica order; with several replicas per shard through the ZooKeeper at {@code
     * zooKeeperHost:zooKeeperPort} and with the macros {@code {shard}} and {@code {replica}}.
     */
    static List<ClickHouseServer> start(
            List<List<String>> hostsByShard,
            List<Integer> weights,
            @Nullable String zooKeeperHost,
            int zooKeeperPort) {
        Path binary = Binaries.require("clickhouse-server", "clickhouse-server");
        InetAddress[] addresses =
                hostsByShard.stream()
                        .flatMap(List::stream)
                        .map(ClickHouseLauncher::bindable)
                        .toArray(InetAddress[]::new);
        RuntimeException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ClickHousePorts ports = ClickHousePorts.pickOnAll(addresses);
            List<ClickHouseConfigFiles.Shard> shards = new ArrayList<>();
            for (int i = 0; i < hostsByShard.size(); i++) {
                shards.add(
                        new ClickHouseConfigFiles.Shard(
                                hostsByShard.get(i), ports.tcp(), weights.get(i)));
            }
            List<ClickHouseServer> started = new ArrayList<>();
            try {
                for (int shard = 0; shard < hostsByShard.size(); shard++) {
                    for (String host : hostsByShard.get(shard)) {
                        ClickHouseConfigFiles.Replication replication =
                                zooKeeperHost == null
                                        ? null
                                        : new ClickHouseConfigFiles.Replication(
                                                zooKeeperHost, zooKeeperPort, shard + 1, host);
                        started.add(
                                ClickHouseServer.start(
                                        binary, host, ports, CLUSTER_NAME, shards, replication));
                    }
                }
                return started;
            } catch (ClickHouseServer.PortTakenException e) {
                started.forEach(ClickHouseServer::close);
                last = e;
            } catch (IOException e) {
                started.forEach(ClickHouseServer::close);
                throw new UncheckedIOException(
                        "Could not start clickhouse-server on " + hostsByShard, e);
            } catch (RuntimeException e) {
                started.forEach(ClickHouseServer::close);
                throw e;
            }
        }
        throw last;
    }

    /** {@code host} as an address, after checking that this machine lets us bind it. */
    private static InetAddress bindable(String host) {
        InetAddress address = FreePorts.loopback(host);
        try {
            FreePorts.pick(address);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(
                    "Cannot bind "
                            + host
                            + " on this machine; the ClickHouse test cluster puts each shard on"
                            + " its own loopback address 127.0.0.x (Linux routes all of 127/8 to"
                            + " lo; macOS needs 'ifconfig lo0 alias "
                            + host
                            + "')",
                    e);
        }
        return address;
    }
}
