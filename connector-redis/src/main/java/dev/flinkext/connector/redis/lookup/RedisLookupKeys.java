package dev.flinkext.connector.redis.lookup;

import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.mapping.FieldText;
import dev.flinkext.connector.redis.mapping.RedisKeyEncoder;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a lookup key row (the columns of {@code LookupContext.getKeys()}, in that order) relates to a
 * Redis table: which of its fields build the Redis key, whether it names the hash field (then one
 * HGET suffices), and which further columns a found row must match.
 *
 * <p>Lookups go by the whole Redis key only: {@link #of} refuses, at planning time, lookup keys
 * that do not cover every key column (Redis cannot search by part of a key or by value).
 */
public final class RedisLookupKeys implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RedisTableMapping mapping;
    private final int[] lookupColumns;
    private final int[] redisKeyIndices;
    private final int fieldIndex;
    private final int[] filterIndices;

    private RedisLookupKeys(
            RedisTableMapping mapping,
            int[] lookupColumns,
            int[] redisKeyIndices,
            int fieldIndex,
            int[] filterIndices) {
        this.mapping = mapping;
        this.lookupColumns = lookupColumns;
        this.redisKeyIndices = redisKeyIndices;
        this.fieldIndex = fieldIndex;
        this.filterIndices = filterIndices;
    }

    /**
     * Works out the layout of {@code lookupKeys}.
     *
     * @param tableName names the table in the error
     * @throws ValidationException when the lookup keys miss a key column of the Redis key, or use a
     *     nested field
     */
    public static RedisLookupKeys of(
            String tableName, RedisTableMapping mapping, int[][] lookupKeys) {
        int[] columns = new int[lookupKeys.length];
        for (int i = 0; i < lookupKeys.length; i++) {
            if (lookupKeys[i].length != 1) {
                throw new ValidationException(
                        "Redis table "
                                + tableName
                                + " cannot be looked up by a nested field "
                                + Arrays.toString(lookupKeys[i]));
            }
            columns[i] = lookupKeys[i][0];
        }
        int[] keyPositions = mapping.keyPositions();
        int[] redisKeyIndices = new int[keyPositions.length];
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < keyPositions.length; k++) {
            redisKeyIndices[k] = indexOf(columns, keyPositions[k]);
            if (redisKeyIndices[k] < 0) {
                missing.add(mapping.columnName(keyPositions[k]));
            }
        }
        if (!missing.isEmpty()) {
            List<String> given = Arrays.stream(columns).mapToObj(mapping::columnName).toList();
            List<String> key = Arrays.stream(keyPositions).mapToObj(mapping::columnName).toList();
            throw new ValidationException(
                    "Redis table "
                            + tableName
                            + " can only be looked up by its whole Redis key "
                            + key
                            + ", but the join condition gives "
                            + given
                            + " and lacks "
                            + missing
                            + ". Join on every key column with '='.");
        }
        int fieldIndex =
                mapping.fieldPosition() >= 0 ? indexOf(columns, mapping.fieldPosition()) : -1;
        List<Integer> filters = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            if (indexOf(redisKeyIndices, i) < 0 && i != fieldIndex) {
                filters.add(i);
            }
        }
        return new RedisLookupKeys(
                mapping,
                columns,
                redisKeyIndices,
                fieldIndex,
                filters.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** An encoder of the Redis key of a lookup key row. */
    public RedisKeyEncoder keyEncoder() {
        return new RedisKeyEncoder(mapping, redisKeyIndices);
    }

    /** HASH with a field column and a lookup naming the field: encodes that field. */
    public FieldText.Encoder fieldEncoder() {
        return FieldText.encoder(mapping.columnTypes().get(mapping.fieldPosition()), fieldIndex);
    }

    /** Whether a field of the Redis key (or the named hash field) is null: nothing can match. */
    public boolean hasNullKey(RowData keyRow) {
        return hasNullRedisKey(keyRow) || (fieldIndex >= 0 && keyRow.isNullAt(fieldIndex));
    }

    /** Whether a field of the Redis key is null: the key row has no Redis key (nor slot). */
    public boolean hasNullRedisKey(RowData keyRow) {
        for (int index : redisKeyIndices) {
            if (keyRow.isNullAt(index)) {
                return true;
            }
        }
        return false;
    }

    /** HASH with a field column: the key row's index of the field, or -1 (then HGETALL). */
    public int fieldIndex() {
        return fieldIndex;
    }

    /** A reader of the key row's fields, typed as the table's columns. */
    public RowData.FieldGetter[] getters() {
        RowData.FieldGetter[] getters = new RowData.FieldGetter[lookupColumns.length];
        for (int i = 0; i < lookupColumns.length; i++) {
            getters[i] = RowData.createFieldGetter(mapping.columnTypes().get(lookupColumns[i]), i);
        }
        return getters;
    }

    /**
     * Completes a decoded row for {@code keyRow}: sets the key columns (and the field column of an
     * HGET) from it, and returns false when the row does not match the key row's other columns.
     */
    public boolean complete(GenericRowData row, RowData keyRow, RowData.FieldGetter[] getters) {
        for (int index : redisKeyIndices) {
            row.setField(lookupColumns[index], getters[index].getFieldOrNull(keyRow));
        }
        if (fieldIndex >= 0) {
            row.setField(lookupColumns[fieldIndex], getters[fieldIndex].getFieldOrNull(keyRow));
        }
        for (int index : filterIndices) {
            Object expected = getters[index].getFieldOrNull(keyRow);
            if (expected == null
                    || !Objects.deepEquals(expected, row.getField(lookupColumns[index]))) {
                return false;
            }
        }
        return true;
    }
}
