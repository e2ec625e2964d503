package dev.flinkext.connector.redis.config;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a table is scanned (scan source and FULL lookup cache): the SCAN MATCH pattern and COUNT
 * hint. Immutable and serializable.
 *
 * @param match the SCAN MATCH pattern
 * @param count the SCAN COUNT hint, at least 1
 */
public record RedisScanOptions(String match, int count) implements Serializable {

    public RedisScanOptions {
        Objects.requireNonNull(match, "match");
        if (match.isEmpty()) {
            throw new ValidationException("Option 'scan.match' must not be empty.");
        }
        if (count < 1) {
            throw new ValidationException(
                    "Option 'scan.count' must be at least 1, got " + count + ".");
        }
    }

    /** Reads 'scan.match' (default: the escaped key prefix + '*') and 'scan.count'. */
    public static RedisScanOptions fromConfig(ReadableConfig config) {
        String match =
                config.getOptional(RedisConnectorOptions.SCAN_MATCH)
                        .orElseGet(
                                () ->
                                        escapeGlob(config.get(RedisConnectorOptions.KEY_PREFIX))
                                                + "*");
        return new RedisScanOptions(match, config.get(RedisConnectorOptions.SCAN_COUNT));
    }

    /** Escapes Redis glob characters so a key prefix matches only itself. */
    static String escapeGlob(String text) {
        StringBuilder out = new StringBuilder(text.length() + 4);
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
