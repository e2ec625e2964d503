package dev.flinkext.connector.clickhouse.mapping;

import dev.flinkext.connector.clickhouse.schema.ClickHouseType;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * SQL literals of Flink values for ClickHouse columns: what an {@code IN} list or a {@code WHERE}
 * compares a column with (18.16 has no query parameters, so values go into the statement text).
 * Each literal is exact for its column: integers and floats as decimal text that parses back to the
 * same value, strings single-quoted with every byte outside printable ASCII escaped ({@code \xHH}),
 * so no value can end the literal; Date as {@code 'YYYY-MM-DD'} and Decimal as text inside a CAST
 * to the column's type; DateTime from a TIMESTAMP_LTZ as {@code toDateTime(epochSeconds)}; UUID
 * through {@code toUUID}.
 */
public final class ClickHouseLiterals {

    private ClickHouseLiterals() {}

    /** Appends one field of a row as a literal of its column's type. Never given a null field. */
    @FunctionalInterface
    public interface FieldLiteral {
        void append(RowData row, int pos, StringBuilder sql);
    }

    /**
     * The literal form of {@code flinkType} values for a column of {@code type}.
     *
     * @throws ValidationException naming the column and both types when there is none
     */
    public static FieldLiteral of(String column, LogicalType flinkType, ClickHouseType type) {
        ClickHouseType inner = type;
        while (inner instanceof ClickHouseType.Nullable n
                || inner instanceof ClickHouseType.LowCardinality) {
            inner =
                    inner instanceof ClickHouseType.Nullable nullable
                            ? nullable.inner()
                            : ((ClickHouseType.LowCardinality) inner).inner();
        }
        FieldLiteral raw = raw(column, flinkType, type, inner);
        if (inner instanceof ClickHouseType.Decimal
                || inner instanceof ClickHouseType.DateTime
                || isPrimitive(inner, "UUID")) {
            return raw; // already typed
        }
        // typed as the column: a tuple IN on 18.16 does not convert its elements, so an untyped
        // '2024-01-01' would silently match no Date
        String target = inner.toString();
        return (row, pos, sql) -> {
            sql.append("CAST(");
            raw.append(row, pos, sql);
            sql.append(" AS ").append(target).append(')');
        };
    }

    private static FieldLiteral raw(
            String column, LogicalType flinkType, ClickHouseType type, ClickHouseType inner) {
        LogicalTypeRoot root = flinkType.getTypeRoot();
        if (inner instanceof ClickHouseType.FixedString || isPrimitive(inner, "String")) {
            if (flinkType.is(LogicalTypeFamily.CHARACTER_STRING)) {
                return (row, pos, sql) -> appendQuoted(row.getString(pos).toBytes(), sql);
            }
            if (flinkType.is(LogicalTypeFamily.BINARY_STRING)) {
                return (row, pos, sql) -> appendQuoted(row.getBinary(pos), sql);
            }
        }
        if (inner instanceof ClickHouseType.Enum
                && flinkType.is(LogicalTypeFamily.CHARACTER_STRING)) {
            return (row, pos, sql) -> appendQuoted(row.getString(pos).toBytes(), sql);
        }
        if (inner instanceof ClickHouseType.Basic basic) {
            String name = basic.primitive().name();
            if (name.matches("U?Int(8|16|32|64)")
                    && flinkType.is(LogicalTypeFamily.INTEGER_NUMERIC)) {
                boolean unsigned64 = name.equals("UInt64");
                return switch (root) {
                    case TINYINT -> (row, pos, sql) -> sql.append(row.getByte(pos));
                    case SMALLINT -> (row, pos, sql) -> sql.append(row.getShort(pos));
                    case INTEGER -> (row, pos, sql) -> sql.append(row.getInt(pos));
                    default ->
                            unsigned64
                                    ? (row, pos, sql) ->
                                            sql.append(Long.toUnsignedString(row.getLong(pos)))
                                    : (row, pos, sql) -> sql.append(row.getLong(pos));
                };
            }
            if (name.equals("Float32") && root == LogicalTypeRoot.FLOAT) {
                return (row, pos, sql) -> appendFloat(row.getFloat(pos), sql);
            }
            if (name.equals("Float64") && root == LogicalTypeRoot.DOUBLE) {
                return (row, pos, sql) -> appendFloat(row.getDouble(pos), sql);
            }
            if (name.equals("Bool") && root == LogicalTypeRoot.BOOLEAN) {
                return (row, pos, sql) -> sql.append(row.getBoolean(pos) ? "1" : "0");
            }
            if ((name.equals("Date") || name.equals("Date32")) && root == LogicalTypeRoot.DATE) {
                return (row, pos, sql) ->
                        sql.append('\'').append(LocalDate.ofEpochDay(row.getInt(pos))).append('\'');
            }
            if (name.equals("UUID") && flinkType.is(LogicalTypeFamily.CHARACTER_STRING)) {
                return (row, pos, sql) -> {
                    sql.append("toUUID(");
                    appendQuoted(row.getString(pos).toBytes(), sql);
                    sql.append(')');
                };
            }
        }
        if (inner instanceof ClickHouseType.Decimal decimal && flinkType instanceof DecimalType d) {
            int precision = d.getPrecision();
            int scale = d.getScale();
            String target = "Decimal(" + decimal.precision() + ", " + decimal.scale() + ")";
            return (row, pos, sql) -> {
                DecimalData value = row.getDecimal(pos, precision, scale);
                sql.append("CAST('")
                        .append(value.toBigDecimal().toPlainString())
                        .append("' AS ")
                        .append(target)
                        .append(')');
            };
        }
        if (inner instanceof ClickHouseType.DateTime
                && flinkType instanceof LocalZonedTimestampType ltz) {
            int precision = ltz.getPrecision();
            return (row, pos, sql) ->
                    sql.append("toDateTime(")
                            .append(
                                    Math.floorDiv(
                                            row.getTimestamp(pos, precision).getMillisecond(),
                                            1000L))
                            .append(')');
        }
        throw new ValidationException(
                String.format(
                        "Column '%s' (%s in ClickHouse, %s in Flink) cannot be named in a"
                                + " statement: only integer, float, string, FixedString, Enum,"
                                + " Bool, Date, Decimal, UUID and (from a TIMESTAMP_LTZ) DateTime"
                                + " values have a literal form here.",
                        column, type, flinkType.asSummaryString()));
    }

    private static boolean isPrimitive(ClickHouseType type, String name) {
        return type instanceof ClickHouseType.Basic basic && basic.primitive().name().equals(name);
    }

    private static void appendFloat(double value, StringBuilder sql) {
        if (Double.isNaN(value)) {
            sql.append("nan");
        } else if (Double.isInfinite(value)) {
            sql.append(value > 0 ? "inf" : "-inf");
        } else {
            sql.append(value); // enough digits to read back as exactly this value
        }
    }

    /** A single-quoted string literal of {@code bytes}; anything but printable ASCII escaped. */
    public static void appendQuoted(byte[] bytes, StringBuilder sql) {
        sql.append('\'');
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == '\'' || c == '\\') {
                sql.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7F) {
                sql.append((char) c);
            } else {
                sql.append("\\x")
                        .append(Character.forDigit(c >> 4, 16))
                        .append(Character.forDigit(c & 0xF, 16));
            }
        }
        sql.append('\'');
    }

    /** A ClickHouse identifier in backquotes (client-v2 puts names into statements as given). */
    public static String identifier(String name) {
        StringBuilder out = new StringBuilder(name.length() + 2).append('`');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '`' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('`').toString();
    }

    /** A single-quoted string literal of {@code text} (UTF-8). */
    public static String quoted(String text) {
        StringBuilder sql = new StringBuilder(text.length() + 2);
        appendQuoted(text.getBytes(StandardCharsets.UTF_8), sql);
        return sql.toString();
    }
}
