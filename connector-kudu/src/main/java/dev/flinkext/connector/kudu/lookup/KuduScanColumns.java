package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;
import dev.flinkext.connector.kudu.mapping.KuduFieldDecoder;
import dev.flinkext.connector.kudu.mapping.KuduFieldDecoders;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;

import org.apache.flink.table.data.GenericRowData;

import org.apache.kudu.client.RowResult;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The columns a lookup or FULL-load scan asks Kudu for (projection push-down): the produced
 * columns, in produced order, then any lookup key column the produced row lacks (needed to tell
 * which key a row answers). Turns each {@link RowResult} into the produced row and the key row.
 */
final class KuduScanColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<KuduColumnMapping> scanned;
    private final int producedWidth;

    /** For each lookup key part, its index among the scanned columns. */
    private final int[] keyIndexes;

    private KuduScanColumns(List<KuduColumnMapping> scanned, int producedWidth, int[] keyIndexes) {
        this.scanned = List.copyOf(scanned);
        this.producedWidth = producedWidth;
        this.keyIndexes = keyIndexes;
    }

    /**
     * @param mapping the DDL's columns
     * @param projection the produced columns' physical positions, null for all
     * @param keyColumns the lookup key parts' physical positions (empty for a FULL load)
     */
    static KuduScanColumns of(
            KuduTableMapping mapping, @Nullable int[] projection, int[] keyColumns) {
        List<KuduColumnMapping> columns = mapping.columns();
        List<KuduColumnMapping> scanned = new ArrayList<>();
        if (projection == null) {
            scanned.addAll(columns);
        } else {
            for (int position : projection) {
                scanned.add(columns.get(position));
            }
        }
        int producedWidth = scanned.size();
        int[] keyIndexes = new int[keyColumns.length];
        for (int i = 0; i < keyColumns.length; i++) {
            KuduColumnMapping key = columns.get(keyColumns[i]);
            int index = scanned.indexOf(key);
            if (index < 0) {
                index = scanned.size();
                scanned.add(key);
            }
            keyIndexes[i] = index;
        }
        return new KuduScanColumns(scanned, producedWidth, keyIndexes);
    }

    /** The Kudu column names to project, in scan order. */
    List<String> names() {
        return scanned.stream().map(KuduColumnMapping::name).toList();
    }

    /** The decoders of one reader or loader instance (not serializable: built on open). */
    Decoder decoder() {
        KuduFieldDecoder[] decoders = new KuduFieldDecoder[scanned.size()];
        for (int i = 0; i < decoders.length; i++) {
            decoders[i] = KuduFieldDecoders.create(scanned.get(i), i);
        }
        return new Decoder(decoders, producedWidth, keyIndexes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KuduScanColumns that
                && scanned.equals(that.scanned)
                && producedWidth == that.producedWidth
                && Arrays.equals(keyIndexes, that.keyIndexes);
    }

    @Override
    public int hashCode() {
        return scanned.hashCode() * 31 + producedWidth;
    }

    /** Decodes rows of a scan projected to {@link #names()}. */
    static final class Decoder {
        private final KuduFieldDecoder[] decoders;
        private final int producedWidth;
        private final int[] keyIndexes;

        private Decoder(KuduFieldDecoder[] decoders, int producedWidth, int[] keyIndexes) {
            this.decoders = decoders;
            this.producedWidth = producedWidth;
            this.keyIndexes = keyIndexes;
        }

        /** A new produced row (no reuse: caches keep it as it is). */
        GenericRowData produced(RowResult row) {
            GenericRowData out = new GenericRowData(producedWidth);
            for (int i = 0; i < producedWidth; i++) {
                out.setField(i, decoders[i].decode(row));
            }
            return out;
        }

        /** The row's lookup key, comparable with the normalized key rows of a batch. */
        GenericRowData key(RowResult row) {
            GenericRowData key = new GenericRowData(keyIndexes.length);
            for (int i = 0; i < keyIndexes.length; i++) {
                key.setField(i, decoders[keyIndexes[i]].decode(row));
            }
            return key;
        }
    }
}
