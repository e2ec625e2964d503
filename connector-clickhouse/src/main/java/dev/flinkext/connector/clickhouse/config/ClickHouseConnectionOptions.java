package dev.flinkext.connector.clickhouse.config;

import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How to reach ClickHouse: endpoints, credentials, TLS, timeouts, compression and the settings sent
 * with every query. Immutable and serializable; read from table options by {@link
 * ClickHouseConnectionOptionsResolver} or built in code with {@link #builder(String)}. The password
 * never appears in {@link #toString()} or {@link #sharingKey()}.
 *
 * @param endpoints the HTTP(S) endpoints, in the order given
 * @param username the user
 * @param password the password (empty for none); handed to the client, never printed
 * @param trustCertificateOrNull a PEM CA file for https, or null for the JVM's trust store
 * @param connectTimeout {@code connect-timeout}
 * @param socketTimeout {@code socket-timeout}
 * @param compression {@code compression}
 * @param settings ClickHouse settings from {@code properties.*}, by name
 */
public record ClickHouseConnectionOptions(
        List<ClickHouseEndpoint> endpoints,
        String username,
        String password,
        @Nullable String trustCertificateOrNull,
        Duration connectTimeout,
        Duration socketTimeout,
        boolean compression,
        Map<String, String> settings)
        implements Serializable {

    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ClickHouseConnectionOptions {
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
        if (endpoints.isEmpty()) {
            throw new ValidationException(
                    "Option '" + ClickHouseConnectorOptions.URL.key() + "' names no endpoint.");
        }
        if (endpoints.stream().map(ClickHouseEndpoint::secure).distinct().count() > 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s mixes http and https endpoints.",
                            ClickHouseConnectorOptions.URL.key(), describeEndpoints(endpoints)));
        }
        if (username.isBlank()) {
            throw new ValidationException(
                    "Option '"
                            + ClickHouseConnectorOptions.USERNAME.key()
                            + "' must not be blank.");
        }
        if (trustCertificateOrNull != null && !endpoints.get(0).secure()) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' needs https endpoints in '%s', not %s.",
                            ClickHouseConnectorOptions.TLS_TRUST_CERTIFICATE.key(),
                            ClickHouseConnectorOptions.URL.key(),
                            describeEndpoints(endpoints)));
        }
        positive(ClickHouseConnectorOptions.CONNECT_TIMEOUT.key(), connectTimeout);
        positive(ClickHouseConnectorOptions.SOCKET_TIMEOUT.key(), socketTimeout);
        for (String name : settings.keySet()) {
            if (!SETTING_NAME.matcher(name).matches()) {
                throw new ValidationException(
                        String.format(
                                "Invalid option '%s%s': not a ClickHouse setting name (letters,"
                                        + " digits and '_').",
                                ClickHouseConnectorOptions.PROPERTIES_PREFIX, name));
            }
        }
    }

    private static void positive(String option, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s (must be positive).",
                            option, value));
        }
    }

    private static String describeEndpoints(List<ClickHouseEndpoint> endpoints) {
        return String.join(",", endpoints.stream().map(ClickHouseEndpoint::url).toList());
    }

    /** The endpoints as one comma-separated string, for error messages (no secret inside). */
    public String describeEndpoints() {
        return describeEndpoints(endpoints);
    }

    /** The same options for other endpoints (a shard's replica, for writes to its local table). */
    public ClickHouseConnectionOptions withEndpoints(List<ClickHouseEndpoint> otherEndpoints) {
        return new ClickHouseConnectionOptions(
                otherEndpoints,
                username,
                password,
                trustCertificateOrNull,
                connectTimeout,
                socketTimeout,
                compression,
                settings);
    }

    public Optional<String> trustCertificate() {
        return Optional.ofNullable(trustCertificateOrNull);
    }

    /**
     * Says everything that makes two clients different, for sharing one client per task manager.
     * The password enters as a SHA-256 digest: a key may be logged, a password must not be.
     */
    public String sharingKey() {
        return "clickhouse-client:"
                + describeEndpoints()
                + "|user="
                + username
                + "|password-sha256="
                + sha256(password)
                + "|tls-ca="
                + trustCertificateOrNull
                + "|connect="
                + connectTimeout.toMillis()
                + "|socket="
                + socketTimeout.toMillis()
                + "|compression="
                + compression
                + "|settings="
                + settings;
    }

    private static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ClickHouseConnectionOptions{"
                + describeEndpoints()
                + ", username="
                + username
                + ", password="
                + (password.isEmpty() ? "<none>" : "******")
                + ", tlsTrustCertificate="
                + trustCertificateOrNull
                + ", connectTimeout="
                + connectTimeout
                + ", socketTimeout="
                + socketTimeout
                + ", compression="
                + compression
                + ", settings="
                + settings
                + '}';
    }

    /** Starts from the options' defaults with the given {@code url} value. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** Builds options in code (DataStream users, tests); {@link #build()} checks them. */
    public static final class Builder {
        private final List<ClickHouseEndpoint> endpoints;
        private String username = ClickHouseConnectorOptions.USERNAME.defaultValue();
        private String password = ClickHouseConnectorOptions.PASSWORD.defaultValue();
        private String trustCertificate;
        private Duration connectTimeout = ClickHouseConnectorOptions.CONNECT_TIMEOUT.defaultValue();
        private Duration socketTimeout = ClickHouseConnectorOptions.SOCKET_TIMEOUT.defaultValue();
        private boolean compression = ClickHouseConnectorOptions.COMPRESSION.defaultValue();
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder(String url) {
            endpoints = parseEndpoints(url);
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder trustCertificate(String pemPath) {
            this.trustCertificate = pemPath;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = timeout;
            return this;
        }

        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /** A ClickHouse setting sent with every query. */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        public ClickHouseConnectionOptions build() {
            return new ClickHouseConnectionOptions(
                    endpoints,
                    username,
                    password,
                    trustCertificate,
                    connectTimeout,
                    socketTimeout,
                    compression,
                    settings);
        }
    }

    /** Parses the {@code url} option's value: one or more comma-separated endpoints. */
    static List<ClickHouseEndpoint> parseEndpoints(String url) {
        List<ClickHouseEndpoint> endpoints = new ArrayList<>();
        for (String part : url.split(",")) {
            if (!part.isBlank()) {
                endpoints.add(ClickHouseEndpoint.parse(part));
            }
        }
        return endpoints;
    }
}
