package dev.flinkext.connector.vms.registry;

import java.util.Map;
import java.util.Set;

/**
 * The plug-in point for a company's own registry (a service, a database): found through {@link
 * java.util.ServiceLoader} under {@code
 * META-INF/services/dev.flinkext.connector.vms.registry.StreamRegistryFactory} and chosen by {@code
 * 'vms.registry' = '<identifier>'}. Its settings are the table options {@code vms.registry.<key>};
 * {@link #create} gets them without that prefix, checked against {@link #requiredOptions()} and
 * {@link #optionalOptions()} first.
 */
public interface StreamRegistryFactory {

    /** The value of {@code vms.registry} that selects this registry. */
    String identifier();

    /** Keys (without {@code vms.registry.}) that must be given. */
    Set<String> requiredOptions();

    /** Keys (without {@code vms.registry.}) that may be given. */
    Set<String> optionalOptions();

    /** A registry for these settings; may read files or call services. */
    StreamRegistry create(Map<String, String> options);
}
