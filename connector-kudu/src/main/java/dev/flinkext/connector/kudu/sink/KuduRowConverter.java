package dev.flinkext.connector.kudu.sink;

import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;
import dev.flinkext.connector.kudu.mapping.KuduFieldEncoder;
import dev.flinkext.connector.kudu.mapping.KuduFieldEncoders;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.sink.writer.RowConverter;

import org.apache.flink.table.data.RowData;

import org.apache.kudu.Schema;
import org.apache.kudu.client.PartialRow;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A changelog row → its Kudu write: INSERT and UPDATE_AFTER become an UPSERT of the row, DELETE a
 * DELETE of its key, UPDATE_BEFORE nothing (the UPDATE_AFTER that follows replaces the row). Made
 * per writer on the task manager, against the schema of the table as opened there; each column's
 * encoder is chosen once. Upserts and deletes reduce by key: while both wait in the buffer, a later
 * change of a key replaces the earlier one.
 */
final class KuduRowConverter implements RowConverter<RowData, KuduWrite> {

    private static final long serialVersionUID = 1L;

    private final transient Schema schema;
    private final transient KuduFieldEncoder[] keyEncoders;
    private final transient KuduFieldEncoder[] valueEncoders;
    private final String tableName;

    /**
     * The last write converted per key while it waits in the writer's buffer, shared with the batch
     * writer, which removes writes as they leave the buffer.
     */
    private final transient Map<ByteBuffer, KuduWrite> buffered;

    /**
     * @param buffered shared with this writer's {@link KuduBatchWriter}
     * @throws IOException when a mapped column is gone from the table since planning
     */
    KuduRowConverter(Schema schema, KuduTableMapping mapping, Map<ByteBuffer, KuduWrite> buffered)
            throws IOException {
        this.schema = schema;
        this.buffered = buffered;
        this.tableName = mapping.tableName();
        List<KuduFieldEncoder> keys = new ArrayList<>();
        List<KuduFieldEncoder> values = new ArrayList<>();
        for (KuduColumnMapping column : mapping.columns()) {
            if (!schema.hasColumn(column.name())) {
                throw new IOException(
                        "Kudu table '"
                                + tableName
                                + "' has no column '"
                                + column.name()
                                + "' any more (it had at planning time)");
            }
            KuduFieldEncoder encoder =
                    KuduFieldEncoders.create(column, schema.getColumnIndex(column.name()));
            (column.key() ? keys : values).add(encoder);
        }
        this.keyEncoders = keys.toArray(new KuduFieldEncoder[0]);
        this.valueEncoders = values.toArray(new KuduFieldEncoder[0]);
    }

    @Override
    public void convert(RowData row, Consumer<KuduWrite> out) {
        switch (row.getRowKind()) {
            case INSERT, UPDATE_AFTER -> out.accept(write(KuduWrite.Kind.UPSERT, row, true));
            case DELETE, UPDATE_BEFORE -> out.accept(write(KuduWrite.Kind.DELETE, row, false));
        }
    }

    private KuduWrite write(KuduWrite.Kind kind, RowData row, boolean withValues) {
        PartialRow kuduRow = schema.newPartialRow();
        int size = 0;
        try {
            for (KuduFieldEncoder encoder : keyEncoders) {
                size += encoder.encode(row, kuduRow);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Kudu table '"
                            + tableName
                            + "' cannot take the key of a row to "
                            + kind
                            + " (set so far: "
                            + kuduRow
                            + "): "
                            + e.getMessage(),
                    e);
        }
        if (withValues) {
            try {
                for (KuduFieldEncoder encoder : valueEncoders) {
                    size += encoder.encode(row, kuduRow);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Kudu table '"
                                + tableName
                                + "' cannot take the row with key "
                                + kuduRow.stringifyRowKey()
                                + " to "
                                + kind
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
        ByteBuffer key = ByteBuffer.wrap(kuduRow.encodePrimaryKey());
        boolean mayFindNoRow = false;
        if (kind == KuduWrite.Kind.DELETE) {
            KuduWrite replaced = buffered.get(key);
            mayFindNoRow =
                    replaced != null
                            && (replaced.kind() == KuduWrite.Kind.UPSERT
                                    || replaced.mayFindNoRow());
        }
        KuduWrite write = new KuduWrite(kind, kuduRow, key, size, mayFindNoRow);
        buffered.put(key, write);
        return write;
    }

    @Override
    @Nullable
    public Object reduceKey(RowData row, List<KuduWrite> writes) {
        return writes.isEmpty() ? null : writes.get(0).key();
    }
}
