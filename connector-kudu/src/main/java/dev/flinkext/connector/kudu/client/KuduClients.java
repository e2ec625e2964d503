package dev.flinkext.connector.kudu.client;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;

import org.apache.kudu.client.AsyncKuduClient;
import org.apache.kudu.client.KuduClient;

/**
 * The one Kudu client per task manager (more exactly: per class loader of flinkext) and connection
 * options: every sink writer, source reader and lookup function of the same masters and client
 * settings shares it through {@link SharedResources}. A Kudu client holds its own I/O threads,
 * connections and metadata caches, and is thread-safe, so one per function instance would only
 * multiply them. The shared object is an {@link AsyncKuduClient} (lookups use it directly); writers
 * and scans get its blocking face, {@code syncClient()}, over the same threads and connections.
 */
public final class KuduClients {

    private KuduClients() {}

    /**
     * A lease on the blocking face of the shared client of {@code options}; close it exactly once
     * when done (never the client itself).
     */
    public static SharedResources.Lease<KuduClient> acquire(KuduConnectionOptions options) {
        return share(options).as(SharedKuduClient::sync);
    }

    /**
     * A lease on the shared asynchronous client of {@code options}, for lookups; close it exactly
     * once when done.
     */
    public static SharedResources.Lease<AsyncKuduClient> acquireAsync(
            KuduConnectionOptions options) {
        return share(options).as(SharedKuduClient::async);
    }

    private static SharedResources.Lease<SharedKuduClient> share(KuduConnectionOptions options) {
        return SharedResources.acquire(
                options.sharingKey(), () -> SharedKuduClient.of(createAsync(options)));
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
}
