package dev.flinkext.connector.clickhouse.mapping;

import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType;
import dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which Flink field goes to which ClickHouse column, checked at planning time against the table's
 * live schema, and serializable to the task managers, where {@link #newRowWriter()} builds the
 * per-column writers again.
 *
 * <p>Rules: every Flink column must be a column of the table that an INSERT can give a value to
 * (not MATERIALIZED or ALIAS) and whose type {@link FieldWriters} can write from the Flink type. A
 * table column absent from the Flink schema is left out of the INSERT's column list when it has a
 * DEFAULT (or is MATERIALIZED/ALIAS) or is Nullable (it stores NULL); any other is refused, so that
 * no column is silently filled with zeros or empty strings. The INSERT lists the columns in table
 * order.
 */
public final class ClickHouseRowMapping implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * One written column.
     *
     * @param name the ClickHouse (and Flink) column name
     * @param flinkPosition the field's position in the Flink row
     * @param flinkType the field's Flink type
     * @param clickHouseType the column's type as the server reports it
     */
    public record Column(
            String name, int flinkPosition, LogicalType flinkType, String clickHouseType)
            implements Serializable {}

    private final String table;
    private final List<Column> columns;
    private final String serverZone;

    private ClickHouseRowMapping(String table, List<Column> columns, ZoneId serverZone) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.serverZone = serverZone.getId();
    }

    /**
     * Checks {@code rowType} against the table's columns.
     *
     * @param table names the table and its endpoints in errors, e.g. {@code 'db.t' at
     *     http://host:8123} (never a password)
     * @param serverZone the server's time zone, for DateTime columns without their own
     * @throws ValidationException naming the column, both types, the table and the endpoints
     */
    public static ClickHouseRowMapping resolve(
            String table, RowType rowType, List<ClickHouseColumn> tableColumns, ZoneId serverZone) {
        return resolve(table, rowType, tableColumns, serverZone, Set.of());
    }

    /**
     * As {@link #resolve(String, RowType, List, ZoneId)}, with columns the sink writes itself (e.g.
     * a CollapsingMergeTree's sign): absent from the Flink schema and from this mapping.
     */
    public static ClickHouseRowMapping resolve(
            String table,
            RowType rowType,
            List<ClickHouseColumn> tableColumns,
            ZoneId serverZone,
            Set<String> filledBySink) {
        Map<String, ClickHouseColumn> byName = new LinkedHashMap<>();
        for (ClickHouseColumn column : tableColumns) {
            byName.put(column.name(), column);
        }
        List<String> names = rowType.getFieldNames();
        Set<String> flinkNames = new HashSet<>(names);
        for (int i = 0; i < names.size(); i++) {
            ClickHouseColumn column = byName.get(names.get(i));
            LogicalType type = rowType.getTypeAt(i);
            if (column == null) {
                throw new ValidationException(
                        "Column '"
                                + names.get(i)
                                + "' ("
                                + type.asSummaryString()
                                + ") is not a column of ClickHouse table "
                                + table
                                + "; its columns are "
                                + byName.keySet());
            }
            if (!column.writable()) {
                throw new ValidationException(
                        "Column '"
                                + column.name()
                                + "' of ClickHouse table "
                                + table
                                + " is "
                                + column.defaultKind()
                                + " ("
                                + column.type()
                                + "): an INSERT cannot give it a value; leave it out of the Flink"
                                + " schema");
            }
        }
        List<Column> written = new ArrayList<>();
        for (ClickHouseColumn column : tableColumns) {
            if (!column.writable()) {
                continue;
            }
            int position = names.indexOf(column.name());
            if (position < 0) {
                if (filledBySink.contains(column.name())
                        || column.hasDefault()
                        || column.type().startsWith("Nullable(")) {
                    continue; // the server computes it, or stores NULL
                }
                throw new ValidationException(
                        "Column '"
                                + column.name()
                                + "' ("
                                + column.type()
                                + ") of ClickHouse table "
                                + table
                                + " has no DEFAULT and is missing from the Flink schema "
                                + flinkNames);
            }
            LogicalType type = rowType.getTypeAt(position);
            try {
                FieldWriters.create(
                        column.name(), type, ClickHouseTypeParser.parse(column.type()), serverZone);
            } catch (FieldWriters.IncompatibleTypeException | IllegalArgumentException e) {
                throw new ValidationException(
                        "Column '"
                                + column.name()
                                + "' of Flink type "
                                + type.asSummaryString()
                                + " cannot be written to column '"
                                + column.name()
                                + "' of type "
                                + column.type()
                                + " of ClickHouse table "
                                + table
                                + ": "
                                + e.getMessage(),
                        e);
            }
            written.add(new Column(column.name(), position, type, column.type()));
        }
        return new ClickHouseRowMapping(table, written, serverZone);
    }

    /** The table and endpoints, as messages name them. */
    public String table() {
        return table;
    }

    public List<Column> columns() {
        return columns;
    }

    /** The INSERT's column list, in table order. */
    public List<String> insertColumns() {
        return columns.stream().map(Column::name).toList();
    }

    public ZoneId serverZone() {
        return ZoneId.of(serverZone);
    }

    /** A writer of rows of this mapping (not thread-safe; one per sink writer). */
    public ClickHouseRowWriter newRowWriter() {
        FieldWriter[] writers = new FieldWriter[columns.size()];
        int[] positions = new int[columns.size()];
        ZoneId zone = serverZone();
        for (int i = 0; i < writers.length; i++) {
            Column column = columns.get(i);
            ClickHouseType type = ClickHouseTypeParser.parse(column.clickHouseType());
            try {
                writers[i] = FieldWriters.create(column.name(), column.flinkType(), type, zone);
            } catch (FieldWriters.IncompatibleTypeException e) {
                throw new IllegalStateException(e.getMessage(), e); // checked at planning
            }
            positions[i] = column.flinkPosition();
        }
        return new ClickHouseRowWriter(writers, positions);
    }

    /**
     * A writer of the given Flink fields only (e.g. a primary key), in the given order, in
     * RowBinary: bytes equal exactly when the values are equal.
     *
     * @throws IllegalArgumentException when a position is not a written column
     */
    public ClickHouseRowWriter newKeyWriter(int[] flinkPositions) {
        FieldWriter[] writers = new FieldWriter[flinkPositions.length];
        ZoneId zone = serverZone();
        for (int i = 0; i < flinkPositions.length; i++) {
            int position = flinkPositions[i];
            Column column =
                    columns.stream()
                            .filter(c -> c.flinkPosition() == position)
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "no written column at " + position));
            try {
                writers[i] =
                        FieldWriters.create(
                                column.name(),
                                column.flinkType(),
                                ClickHouseTypeParser.parse(column.clickHouseType()),
                                zone);
            } catch (FieldWriters.IncompatibleTypeException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return new ClickHouseRowWriter(writers, flinkPositions.clone());
    }

    /**
     * Literals of the given Flink fields (a primary key), in the given order, for statements that
     * name rows by key, e.g. {@code ALTER TABLE ... DELETE WHERE (a, b) IN (...)}.
     *
     * @throws ValidationException when a key column's type has no literal form, naming it
     */
    public ClickHouseKeyLiterals newKeyLiterals(int[] flinkPositions) {
        ClickHouseLiterals.FieldLiteral[] literals =
                new ClickHouseLiterals.FieldLiteral[flinkPositions.length];
        for (int i = 0; i < flinkPositions.length; i++) {
            Column column = columnAt(flinkPositions[i]);
            literals[i] =
                    ClickHouseLiterals.of(
                            column.name(),
                            column.flinkType(),
                            ClickHouseTypeParser.parse(column.clickHouseType()));
        }
        return new ClickHouseKeyLiterals(literals, flinkPositions.clone());
    }

    /**
     * The key columns as {@link ClickHouseKeyLiterals} compare them: {@code `a`} or {@code (`a`,
     * `b`)}.
     */
    public String keyExpression(int[] flinkPositions) {
        StringBuilder out = new StringBuilder();
        if (flinkPositions.length > 1) {
            out.append('(');
        }
        for (int i = 0; i < flinkPositions.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(ClickHouseLiterals.identifier(columnAt(flinkPositions[i]).name()));
        }
        if (flinkPositions.length > 1) {
            out.append(')');
        }
        return out.toString();
    }

    private Column columnAt(int flinkPosition) {
        return columns.stream()
                .filter(c -> c.flinkPosition() == flinkPosition)
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no written column at " + flinkPosition));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseRowMapping that
                && table.equals(that.table)
                && columns.equals(that.columns)
                && serverZone.equals(that.serverZone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, columns, serverZone);
    }

    @Override
    public String toString() {
        return "ClickHouseRowMapping{" + table + ", " + insertColumns() + '}';
    }
}
