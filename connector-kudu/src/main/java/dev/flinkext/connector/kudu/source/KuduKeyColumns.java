package dev.flinkext.connector.kudu.source;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.client.KuduPredicate;
import org.apache.kudu.client.RowResult;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The primary-key columns of a scan's projection (a continuous scan always projects them): a
 * changed row's key, to match it with the row as it was, and IN-list predicates to read those rows.
 */
final class KuduKeyColumns {

    private final int[] indexes;
    private final ColumnSchema[] columns;

    /**
     * @param projection the scan's projection, which holds every key column
     * @param table the table's schema: its columns are the ones predicates must name (a scanner's
     *     projected columns do not say they are keys, so they differ from the table's)
     */
    KuduKeyColumns(Schema projection, Schema table) {
        List<ColumnSchema> key = table.getPrimaryKeyColumns();
        indexes = new int[key.size()];
        columns = key.toArray(ColumnSchema[]::new);
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = projection.getColumnIndex(columns[i].getName());
        }
    }

    /** The row's key, comparable with {@code equals} (binary values wrapped). */
    List<Object> keyOf(RowResult row) {
        Object[] key = new Object[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            Object value = value(row, i);
            key[i] = value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
        }
        return Arrays.asList(key);
    }

    /**
     * Predicates that select at least the rows with these keys: one IN-list per key column (for a
     * composite key, the cross product of the values, so callers match keys exactly).
     */
    List<KuduPredicate> inLists(Collection<RowResult> rows) {
        List<KuduPredicate> predicates = new ArrayList<>(columns.length);
        for (int i = 0; i < columns.length; i++) {
            Set<Object> values = new LinkedHashSet<>();
            Set<ByteBuffer> seenBinary = new LinkedHashSet<>();
            for (RowResult row : rows) {
                Object value = value(row, i);
                if (!(value instanceof byte[] bytes) || seenBinary.add(ByteBuffer.wrap(bytes))) {
                    values.add(value);
                }
            }
            predicates.add(KuduPredicate.newInListPredicate(columns[i], List.copyOf(values)));
        }
        return predicates;
    }

    /**
     * The i-th key column's value as {@link KuduPredicate} takes it. Key columns are never null.
     */
    private Object value(RowResult row, int i) {
        int index = indexes[i];
        return switch (columns[i].getType()) {
            case BOOL -> row.getBoolean(index);
            case INT8 -> row.getByte(index);
            case INT16 -> row.getShort(index);
            case INT32, DATE -> row.getInt(index);
            case INT64, UNIXTIME_MICROS -> row.getLong(index);
            case DECIMAL -> row.getDecimal(index);
            case STRING, VARCHAR -> row.getString(index);
            case BINARY -> row.getBinaryCopy(index);
            default ->
                    throw new IllegalStateException(
                            "Kudu key column '"
                                    + columns[i].getName()
                                    + "' has a type keys cannot have: "
                                    + columns[i].getType());
        };
    }
}
