package dev.flinkext.connector.redis.config;

import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis server's {@code host:port}.
 *
 * @param host host name or IP
 * @param port TCP port
 */
public record RedisAddress(String host, int port) implements Serializable {

    public RedisAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Redis host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "Redis port must be in 1..65535, got " + port + " for host " + host);
        }
    }

    /** Parses {@code host:port} entries of {@code option}; errors name the option and entry. */
    public static List<RedisAddress> parseList(String option, List<String> entries) {
        List<RedisAddress> addresses = new ArrayList<>();
        // Flink separates list entries by ';'; commas are accepted as well
        List<String> parts = new ArrayList<>();
        entries.forEach(e -> parts.addAll(List.of(e.split(","))));
        for (String entry : parts) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new ValidationException(
                        "Option '" + option + "': '" + trimmed + "' is not host:port.");
            }
            try {
                addresses.add(
                        new RedisAddress(
                                trimmed.substring(0, colon),
                                Integer.parseInt(trimmed.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new ValidationException(
                        "Option '" + option + "': '" + trimmed + "' is not host:port.", e);
            }
        }
        if (addresses.isEmpty()) {
            throw new ValidationException(
                    "Option '" + option + "' must list at least one host:port.");
        }
        return addresses;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
