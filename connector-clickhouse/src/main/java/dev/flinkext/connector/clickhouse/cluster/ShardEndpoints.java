package dev.flinkext.connector.clickhouse.cluster;

import dev.flinkext.connector.clickhouse.config.ClickHouseConnectorOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;

import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a replica's HTTP endpoint is derived: {@code system.clusters} gives only the native TCP port
 * of each replica, but writes go over HTTP.
 *
 * <ul>
 *   <li>{@link #sameAsConfigured(ClickHouseEndpoint)} (the default): the replica's host from {@code
 *       remote_servers} with the scheme and HTTP port of the configured {@code url} — right for the
 *       usual cluster whose servers all listen on the same HTTP port;
 *   <li>{@link #explicit(Map, ClickHouseEndpoint)}: a map from {@code host} or {@code host:tcpPort}
 *       (as written in {@code remote_servers}) to an HTTP URL, for clusters whose HTTP ports differ
 *       or sit behind other names; the more specific {@code host:tcpPort} wins, unmapped hosts fall
 *       back to the configured scheme and port when a fallback is given and are refused otherwise.
 * </ul>
 */
public final class ShardEndpoints implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, ClickHouseEndpoint> mapping;
    private final ClickHouseEndpoint fallbackOrNull;

    private ShardEndpoints(Map<String, ClickHouseEndpoint> mapping, ClickHouseEndpoint fallback) {
        this.mapping = mapping;
        this.fallbackOrNull = fallback;
    }

    /** Every replica at its own host with the scheme and port of {@code configured}. */
    public static ShardEndpoints sameAsConfigured(ClickHouseEndpoint configured) {
        return new ShardEndpoints(Map.of(), Objects.requireNonNull(configured, "configured"));
    }

    /**
     * Replicas by {@code host} or {@code host:tcpPort}; others at their host with the scheme and
     * port of {@code fallbackOrNull}, or refused when it is null.
     */
    public static ShardEndpoints explicit(
            Map<String, ClickHouseEndpoint> byHost, ClickHouseEndpoint fallbackOrNull) {
        return new ShardEndpoints(new TreeMap<>(byHost), fallbackOrNull);
    }

    /**
     * The {@code replica-urls} option: comma-separated {@code host[:tcpPort]=http(s)://host:port}
     * pairs; replicas not listed are reached as {@link #sameAsConfigured} would reach them.
     *
     * @throws ValidationException naming the option and the entry at fault
     */
    public static ShardEndpoints fromOption(String value, ClickHouseEndpoint configured) {
        String option = ClickHouseConnectorOptions.REPLICA_URLS.key();
        Map<String, ClickHouseEndpoint> byHost = new TreeMap<>();
        for (String entry : value.split(",")) {
            String pair = entry.trim();
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ValidationException(
                        String.format(
                                "Invalid value for option '%s': '%s' is not host[:tcpPort]=url.",
                                option, pair));
            }
            String host = pair.substring(0, eq).trim();
            ClickHouseEndpoint endpoint;
            try {
                endpoint = ClickHouseEndpoint.parse(pair.substring(eq + 1));
            } catch (ValidationException e) {
                throw new ValidationException(
                        String.format(
                                "Invalid value for option '%s' at '%s': %s",
                                option, host, e.getMessage()),
                        e);
            }
            if (byHost.put(host, endpoint) != null) {
                throw new ValidationException(
                        String.format(
                                "Invalid value for option '%s': '%s' is given twice.",
                                option, host));
            }
        }
        return explicit(byHost, Objects.requireNonNull(configured, "configured"));
    }

    /** The HTTP endpoint of the replica at {@code host}:{@code tcpPort}. */
    public ClickHouseEndpoint endpointOf(String host, int tcpPort) {
        ClickHouseEndpoint exact = mapping.get(host + ":" + tcpPort);
        if (exact != null) {
            return exact;
        }
        ClickHouseEndpoint byHost = mapping.get(host);
        if (byHost != null) {
            return byHost;
        }
        if (fallbackOrNull != null) {
            return new ClickHouseEndpoint(fallbackOrNull.secure(), host, fallbackOrNull.port());
        }
        throw new ValidationException(
                "No HTTP endpoint is given for the ClickHouse replica "
                        + host
                        + ":"
                        + tcpPort
                        + " (native port); mapped hosts: "
                        + mapping.keySet());
    }

    @Override
    public String toString() {
        return "ShardEndpoints{mapping=" + mapping + ", fallback=" + fallbackOrNull + "}";
    }
}
