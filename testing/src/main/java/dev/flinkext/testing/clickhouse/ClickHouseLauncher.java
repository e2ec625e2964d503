package dev.flinkext.testing.clickhouse;

import dev.flinkext.testing.process.Binaries;
import dev.flinkext.testing.process.FreePorts;

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
        Path binary = Binaries.require("clickhouse-server", "clickhouse-server");
        InetAddress[] addresses =
                hosts.stream().map(ClickHouseLauncher::bindable).toArray(InetAddress[]::new);
        RuntimeException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ClickHousePorts ports = ClickHousePorts.pickOnAll(addresses);
            List<ClickHouseConfigFiles.Shard> shards = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                shards.add(
                        new ClickHouseConfigFiles.Shard(hosts.get(i), ports.tcp(), weights.get(i)));
            }
            List<ClickHouseServer> started = new ArrayList<>();
            try {
                for (String host : hosts) {
                    started.add(ClickHouseServer.start(binary, host, ports, CLUSTER_NAME, shards));
                }
                return started;
            } catch (ClickHouseServer.PortTakenException e) {
                started.forEach(ClickHouseServer::close);
                last = e;
            } catch (IOException e) {
                started.forEach(ClickHouseServer::close);
                throw new UncheckedIOException("Could not start clickhouse-server on " + hosts, e);
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
