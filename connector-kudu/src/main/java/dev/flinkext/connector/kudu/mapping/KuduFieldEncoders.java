package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.TimestampType;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;

/** Chooses each column's {@link KuduFieldEncoder} (Flink → Kudu), once per column. */
public final class KuduFieldEncoders {

    /** Kudu's DATE range (its {@code DateUtil}). */
    static final long MIN_DATE = LocalDate.of(1, 1, 1).toEpochDay();

    static final long MAX_DATE = LocalDate.of(9999, 12, 31).toEpochDay();

    private KuduFieldEncoders() {}

    /**
     * @param column the mapping checked at planning time
     * @param kuduIndex the column's index in the Kudu table's schema, as opened on the task manager
     */
    public static KuduFieldEncoder create(KuduColumnMapping column, int kuduIndex) {
        KuduFieldEncoder value = valueEncoder(column, column.position(), kuduIndex);
        int pos = column.position();
        String name = column.name();
        if (column.kuduNullable()) {
            return (row, out) -> {
                if (row.isNullAt(pos)) {
                    out.setNull(kuduIndex);
                    return 1;
                }
                return value.encode(row, out);
            };
        }
        return (row, out) -> {
            if (row.isNullAt(pos)) {
                throw new IllegalArgumentException(
                        "NULL for column '"
                                + name
                                + "', which is "
                                + column.describeKuduType()
                                + " in Kudu");
            }
            return value.encode(row, out);
        };
    }

    private static KuduFieldEncoder valueEncoder(KuduColumnMapping column, int pos, int idx) {
        LogicalType flink = column.flinkType();
        String name = column.name();
        return switch (column.kuduType()) {
            case INT8 -> {
                LongGetter get = integerGetter(flink.getTypeRoot(), pos);
                yield (row, out) -> {
                    out.addByte(idx, (byte) inRange(name, get.get(row), Byte.MIN_VALUE, 127));
                    return 1;
                };
            }
            case INT16 -> {
                LongGetter get = integerGetter(flink.getTypeRoot(), pos);
                yield (row, out) -> {
                    out.addShort(
                            idx,
                            (short) inRange(name, get.get(row), Short.MIN_VALUE, Short.MAX_VALUE));
                    return 2;
                };
            }
            case INT32 -> {
                LongGetter get = integerGetter(flink.getTypeRoot(), pos);
                yield (row, out) -> {
                    out.addInt(
                            idx,
                            (int)
                                    inRange(
                                            name,
                                            get.get(row),
                                            Integer.MIN_VALUE,
                                            Integer.MAX_VALUE));
                    return 4;
                };
            }
            case INT64 ->
                    (row, out) -> {
                        out.addLong(idx, row.getLong(pos));
                        return 8;
                    };
            case BOOL ->
                    (row, out) -> {
                        out.addBoolean(idx, row.getBoolean(pos));
                        return 1;
                    };
            case FLOAT ->
                    (row, out) -> {
                        out.addFloat(idx, row.getFloat(pos));
                        return 4;
                    };
            case DOUBLE ->
                    (row, out) -> {
                        out.addDouble(idx, row.getDouble(pos));
                        return 8;
                    };
            case DECIMAL -> {
                DecimalType type = (DecimalType) flink;
                int precision = type.getPrecision();
                int scale = type.getScale();
                int kuduPrecision = column.precision();
                yield (row, out) -> {
                    DecimalData value = row.getDecimal(pos, precision, scale);
                    BigDecimal decimal = value.toBigDecimal();
                    if (decimal.precision() > kuduPrecision) {
                        throw new IllegalArgumentException(
                                "Value "
                                        + decimal.toPlainString()
                                        + " of column '"
                                        + name
                                        + "' does not fit "
                                        + column.describeKuduType()
                                        + " in Kudu");
                    }
                    out.addDecimal(idx, decimal);
                    return 16;
                };
            }
            case STRING ->
                    (row, out) -> {
                        byte[] utf8 = row.getString(pos).toBytes();
                        out.addStringUtf8(idx, utf8);
                        return utf8.length;
                    };
            case VARCHAR -> {
                int length = column.length();
                yield (row, out) -> {
                    String value = row.getString(pos).toString();
                    if (value.length() > length) {
                        // kudu-client would cut it silently (and count UTF-16 units, not code
                        // points)
                        throw new IllegalArgumentException(
                                "Value of column '"
                                        + name
                                        + "' has "
                                        + value.length()
                                        + " UTF-16 code units, more than "
                                        + column.describeKuduType()
                                        + " in Kudu takes (kudu-client counts a character"
                                        + " outside the BMP as 2)");
                    }
                    out.addVarchar(idx, value);
                    return value.length();
                };
            }
            case BINARY ->
                    (row, out) -> {
                        byte[] bytes =
                                row.getBinary(pos).clone(); // Flink may reuse the row's array
                        out.addBinary(idx, bytes);
                        return bytes.length;
                    };
            case DATE ->
                    (row, out) -> {
                        int days = row.getInt(pos);
                        out.addDate(idx, toSqlDate(name, days));
                        return 4;
                    };
            case UNIXTIME_MICROS -> {
                int precision = timestampPrecision(flink);
                yield (row, out) -> {
                    out.addLong(idx, toMicros(name, row.getTimestamp(pos, precision)));
                    return 8;
                };
            }
            default ->
                    throw new IllegalArgumentException(
                            "Kudu type "
                                    + column.kuduType()
                                    + " of column '"
                                    + name
                                    + "' is not mapped");
        };
    }

    /** Reads a Flink integer column as a long; the getter is chosen by the DDL's type. */
    @FunctionalInterface
    interface LongGetter {
        long get(RowData row);
    }

    static LongGetter integerGetter(LogicalTypeRoot root, int pos) {
        return switch (root) {
            case TINYINT -> row -> row.getByte(pos);
            case SMALLINT -> row -> row.getShort(pos);
            case INTEGER -> row -> row.getInt(pos);
            case BIGINT -> row -> row.getLong(pos);
            default -> throw new IllegalArgumentException(root + " is not an integer type");
        };
    }

    private static long inRange(String column, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "Value "
                            + value
                            + " of column '"
                            + column
                            + "' is out of the Kudu column's range ["
                            + min
                            + ", "
                            + max
                            + "]");
        }
        return value;
    }

    public static int timestampPrecision(LogicalType type) {
        if (type instanceof TimestampType timestamp) {
            return timestamp.getPrecision();
        }
        return ((LocalZonedTimestampType) type).getPrecision();
    }

    /**
     * A DATE as kudu-client takes it: a {@link Date} whose {@code toLocalDate()} is the day. That
     * holds for every day but the ten the Gregorian switch skipped (1582-10-05 to 1582-10-14),
     * which {@code java.sql.Date} turns into later days: those are refused, not moved.
     */
    public static Date toSqlDate(String column, int days) {
        if (days < MIN_DATE || days > MAX_DATE) {
            throw new IllegalArgumentException(
                    "DATE "
                            + LocalDate.ofEpochDay(days)
                            + " of column '"
                            + column
                            + "' is outside Kudu's DATE range 0001-01-01 to 9999-12-31");
        }
        LocalDate day = LocalDate.ofEpochDay(days);
        Date date = Date.valueOf(day);
        if (date.toLocalDate().toEpochDay() != days) {
            throw new IllegalArgumentException(
                    "DATE "
                            + day
                            + " of column '"
                            + column
                            + "' cannot be stored through kudu-client (java.sql.Date has no"
                            + " 1582-10-05 to 1582-10-14: the Julian/Gregorian switch)");
        }
        return date;
    }

    /** Microseconds since the epoch of a TIMESTAMP read as UTC wall clock (or of an instant). */
    public static long toMicros(String column, TimestampData value) {
        int nanosOfMilli = value.getNanoOfMillisecond();
        if (nanosOfMilli % 1000 != 0) {
            throw new IllegalArgumentException(
                    "Value "
                            + value
                            + " of column '"
                            + column
                            + "' has digits below the microsecond, which Kudu's"
                            + " UNIXTIME_MICROS cannot hold");
        }
        return Math.addExact(
                Math.multiplyExact(value.getMillisecond(), 1000L), nanosOfMilli / 1000);
    }
}
