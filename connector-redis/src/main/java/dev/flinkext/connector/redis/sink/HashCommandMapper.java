package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.mapping.FieldText;

import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * HASH, upsert. One field per non-key column: INSERT/UPDATE_AFTER → HSET of the non-null columns
 * (HDEL of the null ones), DELETE → DEL key. With a field column: INSERT/UPDATE_AFTER → HSET key
 * field value (null value: HDEL), DELETE → HDEL key field. UPDATE_BEFORE → nothing.
 */
final class HashCommandMapper extends TableCommandMapper {

    private static final long serialVersionUID = 1L;

    private transient FieldText.Encoder fieldName;
    private transient byte[][] columnFields;
    private transient int[] columnPositions;
    private transient FieldText.Encoder[] columnValues;

    HashCommandMapper(RedisTableMapping mapping) {
        super(mapping, null);
    }

    @Override
    void openFields() {
        if (mapping.fieldPosition() >= 0) {
            fieldName =
                    FieldText.encoder(
                            mapping.columnTypes().get(mapping.fieldPosition()),
                            mapping.fieldPosition());
            return;
        }
        columnPositions = mapping.hashFieldPositions();
        columnFields = new byte[columnPositions.length][];
        columnValues = new FieldText.Encoder[columnPositions.length];
        for (int i = 0; i < columnPositions.length; i++) {
            int position = columnPositions[i];
            columnFields[i] = mapping.columnName(position).getBytes(StandardCharsets.UTF_8);
            columnValues[i] = FieldText.encoder(mapping.columnTypes().get(position), position);
        }
    }

    @Override
    public void map(RowData row, Consumer<RedisCommand> out) {
        if (row.getRowKind() == RowKind.UPDATE_BEFORE) {
            return;
        }
        byte[] key = keys.encode(row);
        if (fieldName != null) {
            byte[] field = fieldName.encode(row);
            byte[] value = adds(row) ? value(row) : null;
            out.accept(
                    value == null
                            ? RedisCommand.hdel(key, field)
                            : RedisCommand.hset(key, Map.of(field, value)));
            return;
        }
        if (!adds(row)) {
            out.accept(RedisCommand.del(key));
            return;
        }
        // the fields as two arrays, not a map: no entry object per field and row; the column
        // names themselves while no column is null
        int columns = columnPositions.length;
        byte[][] fields = columnFields;
        byte[][] values = new byte[columns][];
        int count = 0;
        int fieldBytes = 0;
        List<byte[]> nulls = null; // made only for a row with null columns
        for (int i = 0; i < columns; i++) {
            if (row.isNullAt(columnPositions[i])) {
                if (nulls == null) {
                    nulls = new ArrayList<>();
                    fields = java.util.Arrays.copyOf(columnFields, columns);
                }
                nulls.add(columnFields[i]);
            } else {
                byte[] value = columnValues[i].encode(row);
                if (fields != columnFields) {
                    fields[count] = columnFields[i]; // compacted past the null columns
                }
                values[count] = value;
                count++;
                fieldBytes += RedisCommand.fieldBytes(columnFields[i], value);
            }
        }
        if (count > 0) {
            out.accept(RedisCommand.hset(key, fields, values, count, fieldBytes));
        }
        if (nulls != null) {
            out.accept(RedisCommand.hdel(key, nulls.toArray(new byte[0][])));
        }
    }

    @Override
    public boolean reducesByKey() {
        return mapping.fieldPosition() < 0; // a field column: one row per field, not per key
    }
}
