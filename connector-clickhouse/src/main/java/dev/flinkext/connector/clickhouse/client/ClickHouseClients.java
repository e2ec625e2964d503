package dev.flinkext.connector.clickhouse.client;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;

import com.clickhouse.client.api.Client;

import java.time.temporal.ChronoUnit;

/**
 * The one client-v2 {@link Client} per task manager (more exactly: per class loader of flinkext)
 * and connection options: every sink writer, lookup function and scan reader of the same endpoints,
 * credentials and settings shares it through {@link SharedResources}. A client holds an HTTP
 * connection pool and its threads and is thread-safe, so one per function instance would only
 * multiply connections to the servers.
 */
public final class ClickHouseClients {

    private ClickHouseClients() {}

    /** A lease on the shared client of {@code options}; close it exactly once when done. */
    public static SharedResources.Lease<Client> acquire(ClickHouseConnectionOptions options) {
        return SharedResources.acquire(options.sharingKey(), () -> create(options));
    }

    /** A new client of its own (not shared); the caller closes it. */
    public static Client create(ClickHouseConnectionOptions options) {
        Client.Builder builder =
                new Client.Builder()
                        .setUsername(options.username())
                        .setPassword(options.password())
                        .setConnectTimeout(options.connectTimeout().toMillis(), ChronoUnit.MILLIS)
                        .setSocketTimeout(options.socketTimeout().toMillis(), ChronoUnit.MILLIS)
                        // both directions: a server before 19 answers a compressed request
                        // with an empty body
                        .compressServerResponse(options.compression())
                        .compressClientRequest(options.compression());
        for (ClickHouseEndpoint endpoint : options.endpoints()) {
            builder.addEndpoint(endpoint.url());
        }
        options.trustCertificate().ifPresent(builder::setRootCertificate);
        options.settings().forEach(builder::serverSetting);
        return builder.build();
    }

    /** How many leases of the client of {@code options} are open: for tests and diagnostics. */
    public static int references(ClickHouseConnectionOptions options) {
        return SharedResources.references(options.sharingKey());
    }
}
