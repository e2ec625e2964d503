package dev.flinkext.testing.clickhouse;

import dev.flinkext.testing.ServerExtension;

import java.util.List;

/**
 * Starts one ClickHouse server (Debian's {@code clickhouse-server}) on 127.0.0.1 and free ports.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();
 * ...
 * CLICKHOUSE.server().execute("CREATE TABLE t (k UInt64) ENGINE = MergeTree ORDER BY k");
 * }</pre>
 *
 * <p>The server also knows a one-shard {@code remote_servers} cluster {@link
 * ClickHouseCluster#CLUSTER_NAME} pointing at itself.
 */
public class ClickHouseServerExtension extends ServerExtension<ClickHouseServer> {

    static final String HOST = "127.0.0.1";

    @Override
    protected ClickHouseServer startServer() {
        return ClickHouseLauncher.start(List.of(HOST), List.of(1)).get(0);
    }

    @Override
    protected String sharingKey() {
        return "single";
    }
}
