package dev.flinkext.connector.kudu.client;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;

import org.apache.kudu.client.AsyncKuduClient;
import org.apache.kudu.client.KuduClient;

/**
 * The one {@link KuduClient} per task manager (more exactly: per class loader of flinkext) and
 * connection options: every sink writer, and later every source reader and lookup function, of the
 * same masters and client settings shares it through {@link SharedResources}. A Kudu client holds
 * its own I/O threads, connections and metadata caches, and is thread-safe, so one per function
 * instance would only multiply them.
 */
public final class KuduClients {

    private KuduClients() {}

    /** A lease on the shared client of {@code options}; close it exactly once when done. */
    public static SharedResources.Lease<KuduClient> acquire(KuduConnectionOptions options) {
        return SharedResources.acquire(options.sharingKey(), () -> create(options));
    }

    /**
     * A lease on the shared asynchronous client of {@code options}, for lookups (its {@code
     * syncClient()} serves their blocking FULL loads). kudu-client 1.18 offers no way from a {@link
     * KuduClient} to its async client, so this is a second shared client, next to the writers' one;
     * close the lease exactly once when done.
     */
    public static SharedResources.Lease<AsyncKuduClient> acquireAsync(
            KuduConnectionOptions options) {
        return SharedResources.acquire("async-" + options.sharingKey(), () -> createAsync(options));
    }

    /** A new asynchronous client of its own (not shared); the caller closes it. */
    public static AsyncKuduClient createAsync(KuduConnectionOptions options) {
        AsyncKuduClient.AsyncKuduClientBuilder builder =
                new AsyncKuduClient.AsyncKuduClientBuilder(options.masters())
                        .defaultOperationTimeoutMs(options.operationTimeout().toMillis())
                        .defaultAdminOperationTimeoutMs(options.adminTimeout().toMillis());
        options.saslProtocolName().ifPresent(builder::saslProtocolName);
        return builder.build();
    }

    /** How many leases of the client of {@code options} are open: for tests and diagnostics. */
    public static int references(KuduConnectionOptions options) {
        return SharedResources.references(options.sharingKey());
    }

    /** A new client of its own (not shared); the caller closes it. */
    public static KuduClient create(KuduConnectionOptions options) {
        KuduClient.KuduClientBuilder builder =
                new KuduClient.KuduClientBuilder(options.masters())
                        .defaultOperationTimeoutMs(options.operationTimeout().toMillis())
                        .defaultAdminOperationTimeoutMs(options.adminTimeout().toMillis());
        options.saslProtocolName().ifPresent(builder::saslProtocolName);
        return builder.build();
    }
}
