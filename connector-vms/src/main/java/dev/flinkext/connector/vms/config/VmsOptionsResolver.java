package dev.flinkext.connector.vms.config;

import dev.flinkext.connector.vms.registry.ResolvedStream;
import dev.flinkext.connector.vms.registry.StreamRegistries;
import dev.flinkext.connector.vms.registry.StreamRegistry;
import dev.flinkext.connector.vms.registry.UnknownStreamException;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.ValidationException;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a table's options into {@link VmsStreamOptions}, {@link VmsReadOptions} and {@link
 * VmsWriteOptions}; every error is a {@link ValidationException} naming the option.
 */
public final class VmsOptionsResolver {

    /** Client settings that come from the registry or from the connector itself, never a table. */
    private static final Set<String> RESERVED_PROPERTIES =
            Set.of(
                    "bootstrap.servers",
                    "key.deserializer",
                    "value.deserializer",
                    "key.serializer",
                    "value.serializer");

    private VmsOptionsResolver() {}

    /** Resolves {@code vms.app}/{@code vms.stream} through the configured registry. */
    public static VmsStreamOptions streamOptions(
            ReadableConfig options, Map<String, String> allOptions, ClassLoader classLoader) {
        String app = options.get(VmsConnectorOptions.APP);
        String stream = options.get(VmsConnectorOptions.STREAM);
        String registryName = options.get(VmsConnectorOptions.REGISTRY);
        ResolvedStream resolved;
        try {
            StreamRegistry registry =
                    StreamRegistries.create(
                            registryName,
                            withoutPrefix(allOptions, VmsConnectorOptions.REGISTRY_PREFIX),
                            VmsConnectorOptions.REGISTRY_PREFIX,
                            classLoader);
            resolved = registry.resolve(app, stream);
        } catch (UnknownStreamException e) {
            throw new ValidationException(
                    "Cannot resolve '"
                            + VmsConnectorOptions.APP.key()
                            + "' = '"
                            + app
                            + "', '"
                            + VmsConnectorOptions.STREAM.key()
                            + "' = '"
                            + stream
                            + "': "
                            + e.getMessage(),
                    e);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Invalid stream registry ('"
                            + VmsConnectorOptions.REGISTRY.key()
                            + "' = '"
                            + registryName
                            + "'): "
                            + e.getMessage(),
                    e);
        }
        Map<String, String> client = new HashMap<>(resolved.clientProperties());
        Map<String, String> tableProperties =
                withoutPrefix(allOptions, VmsConnectorOptions.PROPERTIES_PREFIX);
        for (String reserved : RESERVED_PROPERTIES) {
            if (tableProperties.containsKey(reserved)) {
                throw new ValidationException(
                        "'"
                                + VmsConnectorOptions.PROPERTIES_PREFIX
                                + reserved
                                + "' cannot be set on a vms table: "
                                + (reserved.equals("bootstrap.servers")
                                        ? "the registry gives the cluster of "
                                                + resolved.name()
                                                + " ("
                                                + resolved.bootstrapServers()
                                                + ")"
                                        : "the connector sets it"));
            }
        }
        client.putAll(tableProperties);
        client.remove("group.id"); // VmsReadOptions carries it
        return new VmsStreamOptions(
                resolved, options.get(VmsConnectorOptions.MESSAGE_FORMAT), client);
    }

    /**
     * The source's options; {@code job} names the job in a derived group id (pipeline.name, or the
     * table's identifier).
     */
    public static VmsReadOptions readOptions(ReadableConfig options, String job) {
        String groupId =
                options.getOptional(VmsConnectorOptions.GROUP_ID)
                        .orElseGet(
                                () ->
                                        "vms:"
                                                + job
                                                + ":"
                                                + options.get(VmsConnectorOptions.APP)
                                                + "/"
                                                + options.get(VmsConnectorOptions.STREAM));
        StartupMode startup = options.get(VmsConnectorOptions.SCAN_STARTUP_MODE);
        Long startupTs =
                timestampFor(
                        options,
                        startup == StartupMode.TIMESTAMP,
                        VmsConnectorOptions.SCAN_STARTUP_MODE.key(),
                        VmsConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS);
        BoundedMode bounded = options.get(VmsConnectorOptions.SCAN_BOUNDED_MODE);
        Long boundedTs =
                timestampFor(
                        options,
                        bounded == BoundedMode.TIMESTAMP,
                        VmsConnectorOptions.SCAN_BOUNDED_MODE.key(),
                        VmsConnectorOptions.SCAN_BOUNDED_TIMESTAMP_MILLIS);
        return new VmsReadOptions(
                groupId,
                startup,
                startupTs,
                bounded,
                boundedTs,
                options.get(VmsConnectorOptions.CONTENT_TYPE_MISMATCH),
                options.get(VmsConnectorOptions.SCAN_PARTITION_DISCOVERY));
    }

    /** The sink's options. */
    public static VmsWriteOptions writeOptions(ReadableConfig options) {
        DeliveryGuarantee guarantee = options.get(VmsConnectorOptions.SINK_DELIVERY_GUARANTEE);
        String prefix = options.get(VmsConnectorOptions.SINK_TRANSACTIONAL_ID_PREFIX);
        try {
            return new VmsWriteOptions(
                    guarantee,
                    prefix,
                    options.getOptional(VmsConnectorOptions.PRODUCER_APP)
                            .orElse(options.get(VmsConnectorOptions.APP)));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(e.getMessage(), e);
        }
    }

    /** Checks the reset policy the group-offsets start falls back to. */
    public static void checkOffsetReset(Map<String, String> clientProperties) {
        String reset = clientProperties.get("auto.offset.reset");
        if (reset != null
                && !Set.of("earliest", "latest", "none").contains(reset.toLowerCase(Locale.ROOT))) {
            throw new ValidationException(
                    "'properties.auto.offset.reset' = '"
                            + reset
                            + "' is not earliest, latest or none");
        }
    }

    private static Long timestampFor(
            ReadableConfig options,
            boolean needed,
            String modeKey,
            org.apache.flink.configuration.ConfigOption<Long> timestamp) {
        Long value = options.getOptional(timestamp).orElse(null);
        if (needed && value == null) {
            throw new ValidationException(
                    "'" + modeKey + "' = 'timestamp' needs '" + timestamp.key() + "'");
        }
        if (!needed && value != null) {
            throw new ValidationException(
                    "'" + timestamp.key() + "' is only read when '" + modeKey + "' = 'timestamp'");
        }
        if (value != null && value < 0) {
            throw new ValidationException(
                    "'" + timestamp.key() + "' = " + value + " must be epoch milliseconds >= 0");
        }
        return value;
    }

    private static Map<String, String> withoutPrefix(Map<String, String> all, String prefix) {
        Map<String, String> out = new HashMap<>();
        all.forEach(
                (k, v) -> {
                    if (k.startsWith(prefix)) {
                        out.put(k.substring(prefix.length()), v);
                    }
                });
        return out;
    }
}
