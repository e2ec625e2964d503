package dev.flinkext.connector.vms.config;

import dev.flinkext.connector.vms.envelope.MessageFormat;
import dev.flinkext.connector.vms.registry.ResolvedStream;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;

/**
 * A resolved stream and how its payload is encoded; {@code clientProperties} are the registry's
 * settings for the cluster with the table's {@code properties.*} over them.
 */
public record VmsStreamOptions(
        ResolvedStream stream, MessageFormat format, Map<String, String> clientProperties)
        implements Serializable {

    public VmsStreamOptions {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** The client settings as Kafka's builders take them. */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        props.putAll(clientProperties);
        return props;
    }
}
