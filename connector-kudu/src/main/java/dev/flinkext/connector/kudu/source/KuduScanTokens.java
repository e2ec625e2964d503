package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.client.KuduTables;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;

import org.apache.kudu.ColumnSchema;
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

    /**
     * @param continuous whether the splits are read for their changes too: then the projection
     *     holds the primary key as well (after the produced columns, to match a changed row with
     *     the row before), and filters may only name key columns
     */
    static List<KuduSourceSplit> splits(
            KuduClient client,
            KuduConnectionOptions connection,
            KuduScanSpec spec,
            boolean continuous)
            throws IOException {
        if (spec.limit() == 0) {
            return List.of();
        }
        KuduTable table = KuduTables.open(client, connection, spec.tableName());
        List<String> projected = new ArrayList<>(spec.columnNames());
        if (continuous) {
            for (ColumnSchema key : table.getSchema().getPrimaryKeyColumns()) {
                if (!projected.contains(key.getName())) {
                    projected.add(key.getName());
                }
            }
            for (KuduFilter filter : spec.filters()) {
                if (!table.getSchema().getColumn(filter.column()).isKey()) {
                    throw new IllegalArgumentException(
                            "A continuous scan of Kudu table '"
                                    + spec.tableName()
                                    + "' can only filter on primary-key columns: "
                                    + filter
                                    + " names column '"
                                    + filter.column()
                                    + "', whose values can change");
                }
            }
        }
        KuduScanToken.KuduScanTokenBuilder builder =
                client.newScanTokenBuilder(table)
                        .setProjectedColumnNames(projected)
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
