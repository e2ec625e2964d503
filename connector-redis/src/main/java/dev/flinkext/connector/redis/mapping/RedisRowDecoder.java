package dev.flinkext.connector.redis.mapping;

import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.config.RedisTableMapping;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what Redis holds back into rows of the table's physical type: the inverse of the sink's
 * STRING and HASH commands, using the same per-type converters ({@link FieldText}) and the same
 * {@link RedisTableMapping}, so a row written by the sink reads back equal.
 *
 * <ul>
 *   <li>STRING: the value column's text, or the row decoded by {@code value.format};
 *   <li>HASH, one field per column: each field fills the column of its name (absent field: null;
 *       fields without a column are ignored);
 *   <li>HASH with {@code hash.field-column}: one row per field, the field name in the field column
 *       and its value in the value column.
 * </ul>
 *
 * Key columns are left for the caller: from the lookup key, or parsed from a scanned key by {@link
 * RedisKeyDecoder}. Every row is a new {@link GenericRowData} of internal data structures. Values
 * that do not parse fail naming the key and the column.
 */
public final class RedisRowDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RedisTableMapping mapping;
    private final @Nullable DeserializationSchema<RowData> valueFormat;

    private transient int arity;
    private transient FieldText.Decoder valueDecoder;
    private transient RowData.FieldGetter[] formatGetters;
    private transient int[] formatPositions;
    private transient Map<String, Integer> hashFieldColumns;
    private transient FieldText.Decoder[] columnDecoders;
    private transient FieldText.Decoder fieldNameDecoder;

    private RedisRowDecoder(
            RedisTableMapping mapping, @Nullable DeserializationSchema<RowData> valueFormat) {
        this.mapping = mapping;
        this.valueFormat = valueFormat;
    }

    /**
     * A decoder of {@code mapping}'s rows.
     *
     * @param valueFormat the runtime decoder of the {@code value.format} columns (in the order of
     *     {@link RedisTableMapping#valueFormatPositions()}) when the mapping uses one, else null
     * @throws IllegalArgumentException for a data type other than STRING and HASH
     */
    public static RedisRowDecoder of(
            RedisTableMapping mapping, @Nullable DeserializationSchema<RowData> valueFormat) {
        if (mapping.dataType() != RedisDataType.STRING
                && mapping.dataType() != RedisDataType.HASH) {
            throw new IllegalArgumentException(
                    "Only 'data-type' STRING and HASH can be read, not " + mapping.dataType());
        }
        if (mapping.usesValueFormat() && valueFormat == null) {
            throw new IllegalArgumentException("The mapping needs a value format deserializer");
        }
        return new RedisRowDecoder(mapping, mapping.usesValueFormat() ? valueFormat : null);
    }

    public RedisTableMapping mapping() {
        return mapping;
    }

    /** Opens the value format and builds the converters; call once before decoding. */
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        if (valueFormat != null) {
            valueFormat.open(context);
        }
        List<LogicalType> types = mapping.columnTypes();
        arity = types.size();
        if (mapping.usesValueFormat()) {
            formatPositions = mapping.valueFormatPositions();
            formatGetters = new RowData.FieldGetter[formatPositions.length];
            for (int i = 0; i < formatPositions.length; i++) {
                formatGetters[i] = RowData.createFieldGetter(types.get(formatPositions[i]), i);
            }
        } else if (mapping.valuePosition() >= 0) {
            valueDecoder = FieldText.decoder(types.get(mapping.valuePosition()));
        }
        if (mapping.fieldPosition() >= 0) {
            fieldNameDecoder = FieldText.decoder(types.get(mapping.fieldPosition()));
        }
        columnDecoders = new FieldText.Decoder[arity];
        hashFieldColumns = new HashMap<>();
        for (int position : mapping.hashFieldPositions()) {
            hashFieldColumns.put(mapping.columnName(position), position);
            columnDecoders[position] = FieldText.decoder(types.get(position));
        }
    }

    /** Whether rows are HASH rows with a field column (one row per field). */
    public boolean hasFieldColumn() {
        return mapping.fieldPosition() >= 0;
    }

    /**
     * STRING: the row stored as {@code value} under {@code key}, key columns unset; null when the
     * value format skips the value (e.g. json with ignore-parse-errors).
     */
    @Nullable
    public GenericRowData decodeString(byte[] key, byte[] value) {
        GenericRowData row = new GenericRowData(arity);
        if (valueFormat == null) {
            row.setField(
                    mapping.valuePosition(),
                    decodeColumn(valueDecoder, key, mapping.valuePosition(), value));
            return row;
        }
        RowData decoded;
        try {
            decoded = valueFormat.deserialize(value);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Redis key '"
                            + RedisKeyDecoder.text(key)
                            + "': the value does not decode with 'value.format': "
                            + e.getMessage(),
                    e);
        }
        if (decoded == null) {
            return null;
        }
        for (int i = 0; i < formatPositions.length; i++) {
            row.setField(formatPositions[i], formatGetters[i].getFieldOrNull(decoded));
        }
        return row;
    }

    /**
     * HASH, one field per column: the row held by {@code fields}, key columns unset; null for an
     * empty hash (Redis's answer for a key that does not exist).
     */
    @Nullable
    public GenericRowData decodeHash(byte[] key, Map<byte[], byte[]> fields) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        GenericRowData row = new GenericRowData(arity);
        for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
            Integer position =
                    hashFieldColumns.get(new String(field.getKey(), StandardCharsets.UTF_8));
            if (position != null) {
                row.setField(
                        position,
                        decodeColumn(columnDecoders[position], key, position, field.getValue()));
            }
        }
        return row;
    }

    /** HASH with a field column: one row per field of {@code fields}, key columns unset. */
    public List<GenericRowData> decodeHashFields(byte[] key, Map<byte[], byte[]> fields) {
        List<GenericRowData> rows = new ArrayList<>(fields == null ? 0 : fields.size());
        if (fields != null) {
            for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
                rows.add(decodeHashField(key, field.getKey(), field.getValue()));
            }
        }
        return rows;
    }

    /** HASH with a field column: the row of one field, key columns unset. */
    public GenericRowData decodeHashField(byte[] key, byte[] field, byte[] value) {
        GenericRowData row = new GenericRowData(arity);
        row.setField(
                mapping.fieldPosition(),
                decodeColumn(fieldNameDecoder, key, mapping.fieldPosition(), field));
        row.setField(
                mapping.valuePosition(),
                decodeColumn(valueDecoder, key, mapping.valuePosition(), value));
        return row;
    }

    private Object decodeColumn(FieldText.Decoder decoder, byte[] key, int position, byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Redis key '"
                            + RedisKeyDecoder.text(key)
                            + "', column '"
                            + mapping.columnName(position)
                            + "': "
                            + e.getMessage(),
                    e);
        }
    }
}
