package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.data.RowData;

import org.apache.kudu.client.PartialRow;

/**
 * Writes one column of a Flink row into a Kudu row; chosen once per column by {@link
 * KuduFieldEncoders}, so no type is looked at per row.
 */
@FunctionalInterface
public interface KuduFieldEncoder {

    /**
     * Sets the column in {@code out}.
     *
     * @return the value's estimated size in bytes
     * @throws IllegalArgumentException for a value the Kudu column cannot take (NULL into NOT NULL,
     *     out of range), naming column and value
     */
    int encode(RowData row, PartialRow out);
}
