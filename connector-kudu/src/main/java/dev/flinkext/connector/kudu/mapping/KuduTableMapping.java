package dev.flinkext.connector.kudu.mapping;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How a DDL's physical columns map onto a Kudu table, checked at planning time by {@link
 * KuduTableMappingResolver}.
 *
 * @param tableName the Kudu table
 * @param columns the DDL's physical columns, in DDL order
 * @param primaryKey the Kudu table's primary key columns, in Kudu's order
 */
public record KuduTableMapping(
        String tableName, List<KuduColumnMapping> columns, List<String> primaryKey)
        implements Serializable {

    public KuduTableMapping {
        Objects.requireNonNull(tableName, "tableName");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** The key columns, in DDL order. */
    public List<KuduColumnMapping> keyColumns() {
        return columns.stream().filter(KuduColumnMapping::key).toList();
    }
}
