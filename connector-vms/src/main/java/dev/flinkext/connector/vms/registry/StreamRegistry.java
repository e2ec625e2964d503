package dev.flinkext.connector.vms.registry;

/**
 * Resolves logical stream names ({@code app} + {@code stream}) to a cluster and a topic. Built in:
 * {@link FileStreamRegistry}; a company plugs its own through {@link StreamRegistryFactory}.
 */
public interface StreamRegistry {

    /**
     * The stream's cluster and topic.
     *
     * @throws UnknownStreamException when the registry does not list the stream; its message names
     *     the registry ({@link #description()})
     */
    ResolvedStream resolve(String app, String stream);

    /** What this registry consults, for messages: e.g. {@code registry file /etc/vms.yaml}. */
    String description();
}
