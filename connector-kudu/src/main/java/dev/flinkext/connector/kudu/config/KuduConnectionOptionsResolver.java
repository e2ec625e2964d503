package dev.flinkext.connector.kudu.config;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.util.Arrays;

/**
 * Reads {@link KuduConnectionOptions} from a table's options ({@link KuduConnectorOptions}); fails
 * with {@link ValidationException} naming the option and the value when one is missing or bad.
 */
public final class KuduConnectionOptionsResolver {

    private KuduConnectionOptionsResolver() {}

    /**
     * @throws ValidationException naming the option at fault
     */
    public static KuduConnectionOptions resolve(ReadableConfig config) {
        String masters =
                config.getOptional(KuduConnectorOptions.MASTERS)
                        .orElseThrow(
                                () ->
                                        new ValidationException(
                                                "Option '"
                                                        + KuduConnectorOptions.MASTERS.key()
                                                        + "' is required."));
        return new KuduConnectionOptions(
                Arrays.stream(masters.split("[,;]")).map(String::trim).toList(),
                config.get(KuduConnectorOptions.CLIENT_OPERATION_TIMEOUT),
                config.get(KuduConnectorOptions.CLIENT_ADMIN_TIMEOUT),
                config.getOptional(KuduConnectorOptions.CLIENT_SASL_PROTOCOL_NAME).orElse(null));
    }

    /** The {@code table-name}, required and not blank. */
    public static String tableName(ReadableConfig config) {
        String name = config.getOptional(KuduConnectorOptions.TABLE_NAME).orElse(null);
        if (name == null || name.isBlank()) {
            throw new ValidationException(
                    "Option '"
                            + KuduConnectorOptions.TABLE_NAME.key()
                            + "' is required"
                            + (name == null ? "." : " and must not be blank."));
        }
        return name;
    }
}
