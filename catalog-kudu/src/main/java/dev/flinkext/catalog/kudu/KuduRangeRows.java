package dev.flinkext.catalog.kudu;

import dev.flinkext.connector.kudu.mapping.KuduTypeMapping;

import org.apache.flink.table.api.ValidationException;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.client.PartialRow;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Range bounds as Kudu rows: the text values of {@link KuduRangeSyntax} set into a {@link
 * PartialRow} of the range columns' types, and a row's range-column values as a comparable key (to
 * tell which of a table's ranges a new range list keeps; for a one-value range the key of the
 * successor Kudu stores as its exclusive upper bound).
 */
final class KuduRangeRows {

    private final String kuduName;
    private final Schema schema;
    private final List<String> rangeColumns;

    KuduRangeRows(String kuduName, Schema schema, List<String> rangeColumns) {
        this.kuduName = kuduName;
        this.schema = schema;
        this.rangeColumns = rangeColumns;
    }

    /** The row holding {@code values}, one per range column; {@code null} gives {@code null}. */
    PartialRow row(List<String> values) {
        if (values == null) {
            return null;
        }
        PartialRow row = schema.newPartialRow();
        for (int i = 0; i < rangeColumns.size(); i++) {
            setValue(row, schema.getColumn(rangeColumns.get(i)), values.get(i));
        }
        return row;
    }

    /** The row holding {@code values}; for {@code null} (unbounded) an empty row. */
    PartialRow rowOrEmpty(List<String> values) {
        return values == null ? schema.newPartialRow() : row(values);
    }

    /**
     * The range columns' values of {@code row} ({@code null}: unbounded), equal for equal bounds.
     */
    List<String> key(PartialRow row) {
        if (row == null) {
            return null;
        }
        List<String> key = new ArrayList<>();
        for (String column : rangeColumns) {
            Object value = row.getObject(column);
            if (value instanceof BigDecimal decimal) {
                key.add(decimal.stripTrailingZeros().toPlainString());
            } else if (value instanceof byte[] bytes) {
                key.add(Arrays.toString(bytes)); // by content, not identity
            } else {
                key.add(String.valueOf(value));
            }
        }
        return key;
    }

    /**
     * The key of the exclusive upper bound Kudu stores for the inclusive bound {@code values}: the
     * last range column's successor (a string gets a {@code \0} appended), as Kudu computes it.
     */
    List<String> successorKey(List<String> values) {
        PartialRow row = row(values);
        ColumnSchema column = schema.getColumn(rangeColumns.get(rangeColumns.size() - 1));
        String name = column.getName();
        boolean incremented =
                switch (column.getType()) {
                    case INT8 -> {
                        byte v = row.getByte(name);
                        row.addByte(name, (byte) (v + 1));
                        yield v != Byte.MAX_VALUE;
                    }
                    case INT16 -> {
                        short v = row.getShort(name);
                        row.addShort(name, (short) (v + 1));
                        yield v != Short.MAX_VALUE;
                    }
                    case INT32 -> {
                        int v = row.getInt(name);
                        row.addInt(name, v + 1);
                        yield v != Integer.MAX_VALUE;
                    }
                    case INT64, UNIXTIME_MICROS -> {
                        long v = row.getLong(name);
                        row.addLong(name, v + 1);
                        yield v != Long.MAX_VALUE;
                    }
                    case STRING -> {
                        row.addString(name, row.getString(name) + "\0");
                        yield true;
                    }
                    case VARCHAR -> {
                        row.addVarchar(name, row.getVarchar(name) + "\0");
                        yield true;
                    }
                    case DATE -> {
                        LocalDate v = row.getDate(name).toLocalDate();
                        boolean below = v.isBefore(LocalDate.of(9999, 12, 31));
                        if (below) {
                            row.addDate(name, java.sql.Date.valueOf(v.plusDays(1)));
                        }
                        yield below;
                    }
                    case DECIMAL -> {
                        BigDecimal v = row.getDecimal(name);
                        BigDecimal next = v.add(BigDecimal.ONE.scaleByPowerOfTen(-v.scale()));
                        boolean fits =
                                next.precision() - next.scale()
                                        <= column.getTypeAttributes().getPrecision()
                                                - column.getTypeAttributes().getScale();
                        if (fits) {
                            row.addDecimal(name, next);
                        }
                        yield fits;
                    }
                    default -> false;
                };
        if (!incremented) {
            throw new ValidationException(
                    "Kudu table '"
                            + kuduName
                            + "': VALUE = "
                            + values
                            + " holds the largest value of column '"
                            + name
                            + "'; write it as '"
                            + values
                            + " <= VALUES'.");
        }
        return key(row);
    }

    private void setValue(PartialRow row, ColumnSchema column, String text) {
        String name = column.getName();
        try {
            switch (column.getType()) {
                case INT8 -> row.addByte(name, Byte.parseByte(text));
                case INT16 -> row.addShort(name, Short.parseShort(text));
                case INT32 -> row.addInt(name, Integer.parseInt(text));
                case INT64 -> row.addLong(name, Long.parseLong(text));
                case STRING -> row.addString(name, text);
                case VARCHAR -> row.addVarchar(name, text);
                case DECIMAL -> row.addDecimal(name, new BigDecimal(text));
                case DATE -> row.addDate(name, java.sql.Date.valueOf(LocalDate.parse(text)));
                case UNIXTIME_MICROS -> row.addLong(name, micros(text));
                default ->
                        throw new ValidationException(
                                "Kudu table '"
                                        + kuduName
                                        + "': range column '"
                                        + name
                                        + "' of Kudu type "
                                        + column.getType()
                                        + " takes no bounds in this catalog.");
            }
        } catch (ValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ValidationException(
                    "Kudu table '"
                            + kuduName
                            + "': range bound '"
                            + text
                            + "' is not a value of column '"
                            + name
                            + "' ("
                            + KuduTypeMapping.describe(column)
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * {@code 2024-01-01 00:00:00[.ffffff]}, with a {@code T} or Kudu's trailing {@code Z}, or a
     * date alone (midnight): UTC.
     */
    private static long micros(String text) {
        String local = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
        LocalDateTime time =
                local.length() == 10
                        ? LocalDate.parse(local).atStartOfDay()
                        : LocalDateTime.parse(local.replace(' ', 'T'));
        long seconds = time.toEpochSecond(ZoneOffset.UTC);
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), time.getNano() / 1000);
    }
}
