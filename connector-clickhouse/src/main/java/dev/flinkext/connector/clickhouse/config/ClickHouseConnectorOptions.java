package dev.flinkext.connector.clickhouse.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/** Every connection option of the {@code 'connector' = 'clickhouse'} tables, with its meaning. */
public final class ClickHouseConnectorOptions {

    private ClickHouseConnectorOptions() {}

    public static final ConfigOption<String> URL =
            ConfigOptions.key("url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The ClickHouse HTTP endpoints as 'http://host:port' or"
                                    + " 'https://host:port', comma-separated when there are"
                                    + " several (8123 / 8443 when the port is left out)."
                                    + " Credentials go in 'username' and 'password', never in"
                                    + " the URL.");

    public static final ConfigOption<String> DATABASE_NAME =
            ConfigOptions.key("database-name")
                    .stringType()
                    .defaultValue("default")
                    .withDescription("The ClickHouse database of the table.");

    public static final ConfigOption<String> TABLE_NAME =
            ConfigOptions.key("table-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The ClickHouse table. It must exist: its columns are checked"
                                    + " against the DDL at planning time.");

    public static final ConfigOption<String> USERNAME =
            ConfigOptions.key("username")
                    .stringType()
                    .defaultValue("default")
                    .withDescription("The ClickHouse user.");

    public static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("password")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "The user's password (empty by default). Never written to logs"
                                    + " or error messages.");

    public static final ConfigOption<String> TLS_TRUST_CERTIFICATE =
            ConfigOptions.key("tls.trust-certificate")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "For https URLs: a PEM file of the certificate authority that"
                                    + " signed the servers' certificates, when the JVM's trust"
                                    + " store does not hold it.");

    public static final ConfigOption<Duration> CONNECT_TIMEOUT =
            ConfigOptions.key("connect-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Longest a connection to a server may take to open.");

    public static final ConfigOption<Duration> SOCKET_TIMEOUT =
            ConfigOptions.key("socket-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Longest a request may wait for the server's answer (an insert"
                                    + " of a whole batch included).");

    public static final ConfigOption<Boolean> COMPRESSION =
            ConfigOptions.key("compression")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Compress requests and ask for compressed answers (LZ4). Off by"
                                    + " default: servers before ClickHouse 19 answer compressed"
                                    + " requests with empty bodies.");

    /**
     * Prefix of ClickHouse settings passed with every query, e.g. {@code properties.max_threads}.
     */
    public static final String PROPERTIES_PREFIX = "properties.";
}
