package dev.flinkext.connector.clickhouse.config;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@link ClickHouseConnectionOptions} from a table's options ({@link
 * ClickHouseConnectorOptions}); fails with {@link ValidationException} naming the option and the
 * value (never the password) when one is missing or bad.
 */
public final class ClickHouseConnectionOptionsResolver {

    private ClickHouseConnectionOptionsResolver() {}

    /**
     * @param config the table's options
     * @param tableOptions all options as given, for the {@code properties.*} settings
     * @throws ValidationException naming the option at fault
     */
    public static ClickHouseConnectionOptions resolve(
            ReadableConfig config, Map<String, String> tableOptions) {
        String url =
                config.getOptional(ClickHouseConnectorOptions.URL)
                        .orElseThrow(
                                () ->
                                        new ValidationException(
                                                "Option '"
                                                        + ClickHouseConnectorOptions.URL.key()
                                                        + "' is required."));
        return new ClickHouseConnectionOptions(
                ClickHouseConnectionOptions.parseEndpoints(url),
                config.get(ClickHouseConnectorOptions.USERNAME),
                config.get(ClickHouseConnectorOptions.PASSWORD),
                config.getOptional(ClickHouseConnectorOptions.TLS_TRUST_CERTIFICATE).orElse(null),
                config.get(ClickHouseConnectorOptions.CONNECT_TIMEOUT),
                config.get(ClickHouseConnectorOptions.SOCKET_TIMEOUT),
                config.get(ClickHouseConnectorOptions.COMPRESSION),
                settings(tableOptions));
    }

    /** The {@code properties.*} options, prefix removed. */
    public static Map<String, String> settings(Map<String, String> tableOptions) {
        Map<String, String> settings = new LinkedHashMap<>();
        String prefix = ClickHouseConnectorOptions.PROPERTIES_PREFIX;
        tableOptions.forEach(
                (key, value) -> {
                    if (key.startsWith(prefix)) {
                        settings.put(key.substring(prefix.length()), value);
                    }
                });
        return settings;
    }

    /** The {@code table-name}, required and not blank. */
    public static String tableName(ReadableConfig config) {
        String name = config.getOptional(ClickHouseConnectorOptions.TABLE_NAME).orElse(null);
        if (name == null || name.isBlank()) {
            throw new ValidationException(
                    "Option '"
                            + ClickHouseConnectorOptions.TABLE_NAME.key()
                            + "' is required"
                            + (name == null ? "." : " and must not be blank."));
        }
        return name;
    }
}
