package dev.flinkext.testing.clickhouse;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the config.xml and users.xml of one test server: everything under its own folder, loopback
 * only, user {@code default} without password, and a {@code remote_servers} cluster.
 */
final class ClickHouseConfigFiles {

    /**
     * One shard of the {@code remote_servers} cluster: its replicas' hosts (all on {@code
     * tcpPort}); with several, {@code internal_replication} is on (the tables replicate
     * themselves).
     */
    record Shard(List<String> hosts, int tcpPort, int weight) {
        Shard(String host, int tcpPort, int weight) {
            this(List.of(host), tcpPort, weight);
        }
    }

    /**
     * What a server of a replicated cluster adds: the ZooKeeper it coordinates through and its
     * macros {@code {shard}} (1-based) and {@code {replica}} (its host).
     */
    record Replication(String zooKeeperHost, int zooKeeperPort, int shard, String replica) {}

    static final String LOG_DIR = "log";
    static final String LOG_FILE = "clickhouse-server.log";
    static final String ERROR_LOG_FILE = "clickhouse-server.err.log";

    private ClickHouseConfigFiles() {}

    /** Writes both files into {@code dir} and returns the path of config.xml. */
    static Path write(
            Path dir,
            String host,
            ClickHousePorts ports,
            String clusterName,
            List<Shard> shards,
            @Nullable Replication replication)
            throws IOException {
        for (String sub : List.of("data", "tmp", "user_files", "format_schemas", LOG_DIR)) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path users = dir.resolve("users.xml");
        Files.writeString(users, usersXml(), StandardCharsets.UTF_8);
        Path config = dir.resolve("config.xml");
        Files.writeString(
                config,
                configXml(dir, host, ports, users, clusterName, shards, replication),
                StandardCharsets.UTF_8);
        return config;
    }

    private static String configXml(
            Path dir,
            String host,
            ClickHousePorts ports,
            Path users,
            String clusterName,
            List<Shard> shards,
            @Nullable Replication replication) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\"?>\n<yandex>\n");
        xml.append("  <logger>\n")
                .append("    <level>information</level>\n")
                .append(element("log", dir.resolve(LOG_DIR).resolve(LOG_FILE)))
                .append(element("errorlog", dir.resolve(LOG_DIR).resolve(ERROR_LOG_FILE)))
                .append("    <size>100M</size>\n    <count>1</count>\n")
                .append("  </logger>\n");
        xml.append(element("listen_host", host))
                .append(element("http_port", ports.http()))
                .append(element("tcp_port", ports.tcp()))
                .append(element("interserver_http_port", ports.interserverHttp()))
                .append(element("interserver_http_host", host))
                .append(element("path", dir.resolve("data") + "/"))
                .append(element("tmp_path", dir.resolve("tmp") + "/"))
                .append(element("user_files_path", dir.resolve("user_files") + "/"))
                .append(element("format_schema_path", dir.resolve("format_schemas") + "/"))
                .append(element("users_config", users))
                .append(element("default_profile", "default"))
                .append(element("default_database", "default"))
                // small caches: several servers share a small machine
                .append(element("mark_cache_size", 64L << 20))
                .append(element("uncompressed_cache_size", 64L << 20))
                .append(element("max_concurrent_queries", 100))
                // longer than the default 3 s: fewer pooled client connections closed under
                // a client between two requests. (Idle keep-alive connections delay a SIGTERM
                // shutdown until they time out; ClickHouseServer stops with a short grace.)
                .append(element("keep_alive_timeout", 60))
                .append(element("mlock_executable", "false"))
                // queries are logged only when a query says log_queries = 1 (tests that count
                // the reads a connector makes); SYSTEM FLUSH LOGS makes them visible at once
                .append(
                        "  <query_log>\n    <database>system</database>\n"
                                + "    <table>query_log</table>\n"
                                + "    <flush_interval_milliseconds>1000"
                                + "</flush_interval_milliseconds>\n  </query_log>\n");
        xml.append("  <remote_servers>\n    <").append(clusterName).append(">\n");
        for (Shard shard : shards) {
            xml.append("      <shard>\n")
                    .append("        <weight>")
                    .append(shard.weight())
                    .append("</weight>\n")
                    .append("        <internal_replication>")
                    .append(shard.hosts().size() > 1)
                    .append("</internal_replication>\n");
            for (String replicaHost : shard.hosts()) {
                xml.append("        <replica><host>")
                        .append(escape(replicaHost))
                        .append("</host><port>")
                        .append(shard.tcpPort())
                        .append("</port></replica>\n");
            }
            xml.append("      </shard>\n");
        }
        xml.append("    </").append(clusterName).append(">\n  </remote_servers>\n");
        if (replication != null) {
            xml.append("  <zookeeper>\n    <node><host>")
                    .append(escape(replication.zooKeeperHost()))
                    .append("</host><port>")
                    .append(replication.zooKeeperPort())
                    .append("</port></node>\n  </zookeeper>\n")
                    .append("  <macros>\n    <shard>")
                    .append(replication.shard())
                    .append("</shard>\n    <replica>")
                    .append(escape(replication.replica()))
                    .append("</replica>\n  </macros>\n");
        }
        xml.append("</yandex>\n");
        return xml.toString();
    }

    private static String usersXml() {
        return "<?xml version=\"1.0\"?>\n"
                + "<yandex>\n"
                + "  <profiles><default><load_balancing>in_order</load_balancing></default>"
                + "</profiles>\n"
                + "  <users>\n"
                + "    <default>\n"
                + "      <password></password>\n"
                + "      <networks><ip>::/0</ip></networks>\n"
                + "      <profile>default</profile>\n"
                + "      <quota>default</quota>\n"
                + "    </default>\n"
                + "  </users>\n"
                + "  <quotas><default></default></quotas>\n"
                + "</yandex>\n";
    }

    private static String element(String name, Object value) {
        return "  <" + name + ">" + escape(String.valueOf(value)) + "</" + name + ">\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
