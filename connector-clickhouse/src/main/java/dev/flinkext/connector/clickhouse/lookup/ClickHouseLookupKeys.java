package dev.flinkext.connector.clickhouse.lookup;

import dev.flinkext.connector.clickhouse.mapping.ClickHouseLiterals;
import dev.flinkext.connector.clickhouse.mapping.FieldReaders;
import dev.flinkext.connector.clickhouse.mapping.FieldWriters;
import dev.flinkext.connector.clickhouse.mapping.RowBinaryInput;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A lookup's key columns three ways: as literals for the {@code IN} list, as the first columns
 * selected (read back with {@link FieldReaders}), and as comparable values that match a read row to
 * the key it answers (byte arrays compared by content). Stateless: shared by the read threads.
 */
final class ClickHouseLookupKeys {

    private final List<String> names;
    private final ClickHouseLiterals.FieldLiteral[] literals;
    private final FieldReaders.FieldReader[] readers;
    private final RowData.FieldGetter[] getters;

    ClickHouseLookupKeys(
            List<String> names,
            List<LogicalType> types,
            List<ClickHouseColumn> columns,
            ZoneId zone) {
        this.names = List.copyOf(names);
        int n = names.size();
        literals = new ClickHouseLiterals.FieldLiteral[n];
        readers = new FieldReaders.FieldReader[n];
        getters = new RowData.FieldGetter[n];
        for (int i = 0; i < n; i++) {
            ClickHouseColumn column = columns.get(i);
            literals[i] =
                    ClickHouseLiterals.of(
                            column.name(), types.get(i), ClickHouseTypeParser.parse(column.type()));
            try {
                readers[i] =
                        FieldReaders.create(
                                column.name(),
                                types.get(i),
                                ClickHouseTypeParser.parse(column.type()),
                                zone);
            } catch (FieldWriters.IncompatibleTypeException e) {
                throw new ValidationException(
                        "Lookup key '" + column.name() + "': " + e.getMessage(), e);
            }
            getters[i] = RowData.createFieldGetter(types.get(i), i);
        }
    }

    /** True when a key part is NULL: such a key matches no row. */
    boolean hasNull(RowData key) {
        for (int i = 0; i < getters.length; i++) {
            if (key.isNullAt(i)) {
                return true;
            }
        }
        return false;
    }

    /** {@code `k`} or {@code (`a`, `b`)}: the left side of the IN. */
    String expression() {
        List<String> quoted = names.stream().map(ClickHouseLiterals::identifier).toList();
        return quoted.size() == 1 ? quoted.get(0) : "(" + String.join(", ", quoted) + ")";
    }

    /** The key columns as the first columns of the SELECT list. */
    String selectList() {
        return String.join(", ", names.stream().map(ClickHouseLiterals::identifier).toList());
    }

    /** Appends {@code key} as an element of the IN list. */
    void appendLiteral(RowData key, StringBuilder sql) {
        if (literals.length > 1) {
            sql.append('(');
        }
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            literals[i].append(key, i, sql);
        }
        if (literals.length > 1) {
            sql.append(')');
        }
    }

    /** The key of a read row: its first columns, as comparable values. */
    List<Object> read(RowBinaryInput in) throws IOException {
        List<Object> values = new ArrayList<>(readers.length);
        for (FieldReaders.FieldReader reader : readers) {
            values.add(comparable(reader.read(in)));
        }
        return values;
    }

    /** {@code key}'s values, comparable with {@link #read}'s. */
    List<Object> of(RowData key) {
        List<Object> values = new ArrayList<>(getters.length);
        for (RowData.FieldGetter getter : getters) {
            values.add(comparable(getter.getFieldOrNull(key)));
        }
        return values;
    }

    private static Object comparable(Object value) {
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
    }

    @Override
    public String toString() {
        return "key " + names;
    }
}
