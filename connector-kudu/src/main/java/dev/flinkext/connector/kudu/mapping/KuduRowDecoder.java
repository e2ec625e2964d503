package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import org.apache.kudu.client.RowResult;

import java.util.List;

/**
 * A Kudu row of a scan → a Flink row: the i-th projected Kudu column becomes field i, each column
 * read by its {@link KuduFieldDecoder}, chosen once.
 */
public final class KuduRowDecoder {

    private final KuduFieldDecoder[] fields;

    /**
     * @param columns the produced columns, in the order the scan projects them
     */
    public KuduRowDecoder(List<KuduColumnMapping> columns) {
        this.fields = new KuduFieldDecoder[columns.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = KuduFieldDecoders.create(columns.get(i), i);
        }
    }

    public RowData decode(RowResult row) {
        GenericRowData out = new GenericRowData(fields.length);
        for (int i = 0; i < fields.length; i++) {
            out.setField(i, fields[i].decode(row));
        }
        return out;
    }
}
