package dev.flinkext.connector.clickhouse.config;

import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * One ClickHouse HTTP endpoint.
 *
 * @param secure https when true
 * @param host the host name or address
 * @param port the HTTP(S) port
 */
public record ClickHouseEndpoint(boolean secure, String host, int port) implements Serializable {

    public static final int DEFAULT_HTTP_PORT = 8123;
    public static final int DEFAULT_HTTPS_PORT = 8443;

    public ClickHouseEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("Not a ClickHouse endpoint: " + host + ":" + port);
        }
    }

    /**
     * Parses {@code http(s)://host[:port]}; fails naming the option and the value (a value holding
     * credentials is not echoed: they would be a secret in an error message).
     */
    public static ClickHouseEndpoint parse(String url) {
        String value = url.trim();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(value, "it is not a URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': a URL holds credentials; give them in"
                                    + " '%s' and '%s' instead.",
                            ClickHouseConnectorOptions.URL.key(),
                            ClickHouseConnectorOptions.USERNAME.key(),
                            ClickHouseConnectorOptions.PASSWORD.key()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(value, "the scheme must be http or https");
        }
        if (uri.getHost() == null) {
            throw invalid(value, "it names no host");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw invalid(
                    value,
                    "give only scheme, host and port (the database goes in '"
                            + ClickHouseConnectorOptions.DATABASE_NAME.key()
                            + "', settings in '"
                            + ClickHouseConnectorOptions.PROPERTIES_PREFIX
                            + "*')");
        }
        boolean secure = scheme.equals("https");
        int port =
                uri.getPort() != -1
                        ? uri.getPort()
                        : secure ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT;
        return new ClickHouseEndpoint(secure, uri.getHost(), port);
    }

    private static ValidationException invalid(String value, String why) {
        return new ValidationException(
                String.format(
                        "Invalid value for option '%s': '%s' (%s).",
                        ClickHouseConnectorOptions.URL.key(), value, why));
    }

    /** The endpoint as client-v2 takes it. */
    public String url() {
        return (secure ? "https://" : "http://")
                + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                + ":"
                + port;
    }

    @Override
    public String toString() {
        return url();
    }
}
