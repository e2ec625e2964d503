package dev.flinkext.testing.clickhouse;

import dev.flinkext.testing.process.FreePorts;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;

/** The three ports a ClickHouse server listens on; the same on every address of a cluster. */
record ClickHousePorts(int http, int tcp, int interserverHttp) {

    /** Three distinct ports free on every one of {@code addresses}. */
    static ClickHousePorts pickOnAll(InetAddress... addresses) {
        Set<Integer> taken = new HashSet<>();
        int[] ports = new int[3];
        for (int i = 0; i < ports.length; ) {
            int port = FreePorts.pickOnAll(addresses);
            if (taken.add(port)) {
                ports[i++] = port;
            }
        }
        return new ClickHousePorts(ports[0], ports[1], ports[2]);
    }
}
