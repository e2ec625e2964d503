package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What a scan reads: the table, the produced columns (its projection, in the produced row's order),
 * the filters Kudu evaluates and the row limit.
 *
 * @param tableName the Kudu table
 * @param columns the produced columns, each checked against the Kudu schema
 * @param filters ANDed predicates evaluated by the tablet servers
 * @param limit the most rows the scan produces, or {@link #NO_LIMIT}
 */
public record KuduScanSpec(
        String tableName, List<KuduColumnMapping> columns, List<KuduFilter> filters, long limit)
        implements Serializable {

    public static final long NO_LIMIT = -1;

    public KuduScanSpec {
        Objects.requireNonNull(tableName, "tableName");
        columns = List.copyOf(columns);
        filters = List.copyOf(filters);
        if (limit < NO_LIMIT) {
            throw new IllegalArgumentException("A scan's limit cannot be negative: " + limit);
        }
    }

    public List<String> columnNames() {
        return columns.stream().map(KuduColumnMapping::name).toList();
    }

    public boolean hasLimit() {
        return limit != NO_LIMIT;
    }
}
