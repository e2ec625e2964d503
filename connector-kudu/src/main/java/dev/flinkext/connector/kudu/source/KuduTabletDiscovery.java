package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.client.KuduClients;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;

import org.apache.kudu.client.KuduClient;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Lists a continuous scan's tablets as splits, planned as at the start. Each listing uses a client
 * of its own, closed after: a client caches the table's tablet locations, the ranges without a
 * tablet too, for the masters' {@code --table_locations_ttl_ms} (5 minutes by default), so the
 * shared client would see a range partition added or dropped since only that much later.
 */
final class KuduTabletDiscovery implements Serializable {

    private static final long serialVersionUID = 1L;

    private final KuduConnectionOptions connection;
    private final KuduScanSpec spec;

    KuduTabletDiscovery(KuduConnectionOptions connection, KuduScanSpec spec) {
        this.connection = connection;
        this.spec = spec;
    }

    /** The table's tablets now, each as a split not read yet. */
    List<KuduSourceSplit> splits() throws IOException {
        try (KuduClient client = KuduClients.createAsync(connection).syncClient()) {
            return KuduScanTokens.splits(client, connection, spec, true);
        }
    }
}
