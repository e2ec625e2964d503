package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.client.KuduTables;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;

import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduScanToken;
import org.apache.kudu.client.KuduTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a scan: one split per tablet that the predicates do not prune, from Kudu's scan tokens
 * (projection, predicates and limit inside each token; fault-tolerant, so rows come in key order).
 */
final class KuduScanTokens {

    private KuduScanTokens() {}

    static List<KuduSourceSplit> splits(
            KuduClient client, KuduConnectionOptions connection, KuduScanSpec spec)
            throws IOException {
        if (spec.limit() == 0) {
            return List.of();
        }
        KuduTable table = KuduTables.open(client, connection, spec.tableName());
        KuduScanToken.KuduScanTokenBuilder builder =
                client.newScanTokenBuilder(table)
                        .setProjectedColumnNames(spec.columnNames())
                        .setFaultTolerant(true);
        for (KuduFilter filter : spec.filters()) {
            builder.addPredicate(filter.toPredicate(table.getSchema()));
        }
        if (spec.hasLimit()) {
            builder.limit(spec.limit()); // per tablet; the readers cap the total
        }
        List<KuduSourceSplit> splits = new ArrayList<>();
        for (KuduScanToken token : builder.build()) {
            // a tablet id is 32 hex digits
            String tabletId =
                    new String(token.getTablet().getTabletId(), StandardCharsets.US_ASCII);
            splits.add(KuduSourceSplit.of(tabletId, token.serialize()));
        }
        return splits;
    }
}
