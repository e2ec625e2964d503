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
import java.util.Arrays;
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
 *
 * <p>With a projection ({@link #withProjection}) the decode methods still fill rows of the physical
 * type (so key decoders and lookup key checks keep using physical positions), {@link #project}
 * narrows them to the projected type, and {@link #valueRead()} tells a reader which values it must
 * fetch at all (for a HASH: only the projected fields, by {@code HMGET}).
 */
public final class RedisRowDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RedisTableMapping mapping;
    private final @Nullable DeserializationSchema<RowData> valueFormat;
    private final @Nullable int[] projection;

    private transient int arity;
    private transient FieldText.Decoder valueDecoder;
    private transient RowData.FieldGetter[] formatGetters;
    private transient int[] formatPositions;
    private transient Map<String, Integer> hashFieldColumns;
    private transient FieldText.Decoder[] columnDecoders;
    private transient FieldText.Decoder fieldNameDecoder;
    private transient int[] hmgetPositions;

    private RedisRowDecoder(
            RedisTableMapping mapping,
            @Nullable DeserializationSchema<RowData> valueFormat,
            @Nullable int[] projection) {
        this.mapping = mapping;
        this.valueFormat = valueFormat;
        this.projection = projection;
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
        return new RedisRowDecoder(mapping, mapping.usesValueFormat() ? valueFormat : null, null);
    }

    /**
     * This decoder, producing only {@code positions} (physical columns, in the produced order).
     *
     * @throws IllegalArgumentException for a position outside the table or named twice
     */
    public RedisRowDecoder withProjection(int[] positions) {
        boolean[] seen = new boolean[mapping.columnNames().size()];
        for (int position : positions) {
            if (position < 0 || position >= seen.length || seen[position]) {
                throw new IllegalArgumentException(
                        "Invalid projection " + Arrays.toString(positions) + " of " + mapping);
            }
            seen[position] = true;
        }
        return new RedisRowDecoder(mapping, valueFormat, positions.clone());
    }

    public RedisTableMapping mapping() {
        return mapping;
    }

    /** The produced columns' physical positions, in order; null when every column is produced. */
    @Nullable
    public int[] projection() {
        return projection == null ? null : projection.clone();
    }

    /** What a reader must fetch per key to decode this decoder's rows. */
    public enum ValueRead {
        /** Nothing: every produced column is a key column (the key alone makes the row). */
        NONE,
        /** {@code GET} (STRING). */
        GET,
        /** {@code HGETALL} (HASH; all columns, or one row per field with a field column). */
        HGETALL,
        /** {@code HMGET} of {@link #projectedHashFields()} (HASH, one field per column). */
        HMGET
    }

    /**
     * What to fetch: {@link ValueRead#NONE} when the projection keeps only key columns, {@link
     * ValueRead#HMGET} for a projected per-column HASH; otherwise GET or HGETALL. (A HASH with a
     * field column yields one row per field, so it always needs HGETALL.)
     */
    public ValueRead valueRead() {
        boolean hash = mapping.dataType() == RedisDataType.HASH;
        if (hash && mapping.fieldPosition() >= 0) {
            return ValueRead.HGETALL;
        }
        if (projection == null) {
            return hash ? ValueRead.HGETALL : ValueRead.GET;
        }
        if (projectsOnlyKeyColumns()) {
            return ValueRead.NONE;
        }
        return hash ? ValueRead.HMGET : ValueRead.GET;
    }

    private boolean projectsOnlyKeyColumns() {
        int[] keyPositions = mapping.keyPositions();
        for (int position : projection) {
            if (Arrays.stream(keyPositions).noneMatch(k -> k == position)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The hash fields to {@code HMGET} for {@link ValueRead#HMGET}: the projected columns stored as
     * fields, named after them, in projection order.
     */
    public byte[][] projectedHashFields() {
        return projectedHashPositions().stream()
                .map(p -> mapping.columnName(p).getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
    }

    private List<Integer> projectedHashPositions() {
        List<Integer> positions = new ArrayList<>();
        int[] hashPositions = mapping.hashFieldPositions();
        for (int position : projection == null ? hashPositions : projection) {
            if (Arrays.stream(hashPositions).anyMatch(h -> h == position)) {
                positions.add(position);
            }
        }
        return positions;
    }

    /** A physical row with no column set, for {@link ValueRead#NONE} (key columns come next). */
    public GenericRowData emptyRow() {
        return new GenericRowData(arity);
    }

    /** Narrows a decoded physical row to the produced columns (the same row without projection). */
    public GenericRowData project(GenericRowData physical) {
        if (projection == null) {
            return physical;
        }
        GenericRowData produced = new GenericRowData(physical.getRowKind(), projection.length);
        for (int i = 0; i < projection.length; i++) {
            produced.setField(i, physical.getField(projection[i]));
        }
        return produced;
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
        hmgetPositions = projectedHashPositions().stream().mapToInt(Integer::intValue).toArray();
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

    /**
     * HASH, one field per column, read by {@code HMGET} of {@link #projectedHashFields()}: the row
     * whose projected fields are {@code values} (in that order), key columns unset. An all-null
     * reply is ambiguous (no such key, or a hash without these fields): the caller decides.
     */
    public GenericRowData decodeHashValues(byte[] key, List<byte[]> values) {
        if (values.size() != hmgetPositions.length) {
            throw new IllegalArgumentException(
                    "Redis key '"
                            + RedisKeyDecoder.text(key)
                            + "': HMGET answered "
                            + values.size()
                            + " values for "
                            + hmgetPositions.length
                            + " fields");
        }
        GenericRowData row = new GenericRowData(arity);
        for (int i = 0; i < hmgetPositions.length; i++) {
            byte[] value = values.get(i);
            if (value != null) {
                int position = hmgetPositions[i];
                row.setField(
                        position, decodeColumn(columnDecoders[position], key, position, value));
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
