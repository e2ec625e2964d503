package dev.flinkext.connector.vms.registry;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a logical stream lives: the Kafka cluster's bootstrap servers, the physical topic, and the
 * client settings the registry gives for that cluster (security settings, say). {@link #toString()}
 * names the settings but never shows their values, which may be secrets.
 */
public record ResolvedStream(
        String app,
        String stream,
        String cluster,
        String bootstrapServers,
        String topic,
        Map<String, String> clientProperties)
        implements Serializable {

    public ResolvedStream {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** {@code app/stream}, as users and messages name a stream. */
    public String name() {
        return app + "/" + stream;
    }

    @Override
    public String toString() {
        return "stream "
                + name()
                + " = topic "
                + topic
                + " on cluster "
                + cluster
                + " ("
                + bootstrapServers
                + ")"
                + (clientProperties.isEmpty()
                        ? ""
                        : ", client settings " + new TreeMap<>(clientProperties).keySet());
    }
}
