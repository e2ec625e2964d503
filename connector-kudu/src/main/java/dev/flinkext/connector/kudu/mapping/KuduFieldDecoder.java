package dev.flinkext.connector.kudu.mapping;

import org.apache.kudu.client.RowResult;

import javax.annotation.Nullable;

/**
 * Reads one Kudu column into Flink's internal representation (for {@code GenericRowData}); chosen
 * once per column by {@link KuduFieldDecoders}.
 */
@FunctionalInterface
public interface KuduFieldDecoder {

    /** The column's value, null for NULL. */
    @Nullable
    Object decode(RowResult row);
}
