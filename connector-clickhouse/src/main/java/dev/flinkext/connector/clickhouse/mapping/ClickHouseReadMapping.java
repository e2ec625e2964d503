package dev.flinkext.connector.clickhouse.mapping;

import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How rows of a Flink type are read from a ClickHouse table: each Flink field from the table column
 * of the same name, through a {@link FieldReaders} reader. Checked at planning time ({@link
 * #resolve}); serializable, so lookups and scans build their readers on the task managers ({@link
 * #newRowReader}).
 */
public final class ClickHouseReadMapping implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final RowType rowType;
    private final List<ClickHouseColumn> columns;
    private final String serverZone;

    private ClickHouseReadMapping(
            String table, RowType rowType, List<ClickHouseColumn> columns, ZoneId serverZone) {
        this.table = table;
        this.rowType = rowType;
        this.columns = List.copyOf(columns);
        this.serverZone = serverZone.getId();
    }

    /**
     * @param table names the table and its endpoints in errors (never a password)
     * @param rowType the Flink fields to read, by column name
     * @throws ValidationException naming the column, both types and the table when a field has no
     *     column or its type cannot hold the column's values
     */
    public static ClickHouseReadMapping resolve(
            String table, RowType rowType, List<ClickHouseColumn> tableColumns, ZoneId serverZone) {
        List<ClickHouseColumn> read = new ArrayList<>();
        for (RowType.RowField field : rowType.getFields()) {
            ClickHouseColumn column =
                    tableColumns.stream()
                            .filter(c -> c.name().equals(field.getName()))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new ValidationException(
                                                    String.format(
                                                            "Column '%s' is not a column of"
                                                                    + " ClickHouse table %s (it"
                                                                    + " has %s).",
                                                            field.getName(),
                                                            table,
                                                            tableColumns.stream()
                                                                    .map(ClickHouseColumn::name)
                                                                    .toList())));
            try {
                FieldReaders.create(
                        column.name(),
                        field.getType(),
                        ClickHouseTypeParser.parse(column.type()),
                        serverZone);
            } catch (FieldWriters.IncompatibleTypeException e) {
                throw new ValidationException(
                        String.format(
                                "Column '%s' of ClickHouse table %s: %s",
                                column.name(), table, e.getMessage()),
                        e);
            }
            read.add(column);
        }
        return new ClickHouseReadMapping(table, rowType, read, serverZone);
    }

    /** The table and endpoints, as messages name them. */
    public String table() {
        return table;
    }

    /** The zone DateTime columns without their own are read in. */
    public String serverZone() {
        return serverZone;
    }

    public RowType rowType() {
        return rowType;
    }

    /** The columns read, in the Flink fields' order. */
    public List<ClickHouseColumn> columns() {
        return columns;
    }

    /** The SELECT list: the columns read, quoted, in the Flink fields' order. */
    public String selectList() {
        return String.join(
                ", ", columns.stream().map(c -> ClickHouseLiterals.identifier(c.name())).toList());
    }

    /** A reader of rows in the order of {@link #selectList()} (not thread-safe). */
    public ClickHouseRowReader newRowReader() {
        FieldReaders.FieldReader[] readers = new FieldReaders.FieldReader[columns.size()];
        ZoneId zone = ZoneId.of(serverZone);
        for (int i = 0; i < readers.length; i++) {
            ClickHouseColumn column = columns.get(i);
            try {
                readers[i] =
                        FieldReaders.create(
                                column.name(),
                                rowType.getTypeAt(i),
                                ClickHouseTypeParser.parse(column.type()),
                                zone);
            } catch (FieldWriters.IncompatibleTypeException e) {
                throw new IllegalStateException(e.getMessage(), e); // checked at planning
            }
        }
        return new ClickHouseRowReader(readers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseReadMapping that
                && table.equals(that.table)
                && rowType.equals(that.rowType)
                && columns.equals(that.columns)
                && serverZone.equals(that.serverZone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, rowType, columns, serverZone);
    }

    @Override
    public String toString() {
        return "ClickHouseReadMapping{" + table + ", " + rowType + '}';
    }
}
