package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.data.TimestampData;

import org.apache.kudu.Type;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The value checks and conversions between Flink and the Java values kudu-client takes, in one
 * place: the sink's {@link KuduFieldEncoders} write with them, and the scan's pushed predicates
 * compare with them, so a predicate's literal is the very value the sink would have stored. Every
 * refusal is an {@link IllegalArgumentException} naming the column and the value.
 */
public final class KuduValues {

    /** Kudu's DATE range (its {@code DateUtil}). */
    static final long MIN_DATE = LocalDate.of(1, 1, 1).toEpochDay();

    static final long MAX_DATE = LocalDate.of(9999, 12, 31).toEpochDay();

    private KuduValues() {}

    /**
     * A SQL literal's value (the default Java class of its Flink type: Byte/Short/Integer/Long,
     * Boolean, Float, Double, BigDecimal, String, byte[], LocalDate, LocalDateTime, Instant) as the
     * Kudu-typed Java value of {@code column}: Byte, Short, Integer or Long for the integer types,
     * Long microseconds for UNIXTIME_MICROS, {@link Date} for DATE, BigDecimal at the column's
     * scale, String, byte[], Boolean, Float, Double.
     *
     * @throws IllegalArgumentException when the column cannot hold the value exactly (out of range,
     *     too many digits, below the microsecond, a day java.sql.Date cannot represent, another
     *     type), naming column and value
     */
    public static Object fromFlink(KuduColumnMapping column, Object value) {
        Type type = column.kuduType();
        switch (type) {
            case INT8, INT16, INT32, INT64 -> {
                if (!(value instanceof Byte
                        || value instanceof Short
                        || value instanceof Integer
                        || value instanceof Long)) {
                    throw notOf(column, value);
                }
                long checked = checkRange(column, ((Number) value).longValue());
                return switch (type) {
                    case INT8 -> (byte) checked;
                    case INT16 -> (short) checked;
                    case INT32 -> (int) checked;
                    default -> checked;
                };
            }
            case BOOL, FLOAT, DOUBLE -> {
                Class<?> expected =
                        switch (type) {
                            case BOOL -> Boolean.class;
                            case FLOAT -> Float.class;
                            default -> Double.class;
                        };
                if (!expected.isInstance(value)) {
                    throw notOf(column, value);
                }
                return value;
            }
            case DECIMAL -> {
                if (!(value instanceof BigDecimal decimal)) {
                    throw notOf(column, value);
                }
                if (decimal.scale() > column.scale()) {
                    // setScale would round: a literal with more digits is not a value of the column
                    throw new IllegalArgumentException(
                            "Value "
                                    + decimal.toPlainString()
                                    + " has more fractional digits than column '"
                                    + column.name()
                                    + "' ("
                                    + column.describeKuduType()
                                    + ") holds");
                }
                return checkDecimal(column, decimal.setScale(column.scale()));
            }
            case STRING, VARCHAR -> {
                if (!(value instanceof String text)) {
                    throw notOf(column, value);
                }
                return type == Type.VARCHAR ? checkVarchar(column, text) : text;
            }
            case BINARY -> {
                if (!(value instanceof byte[] bytes)) {
                    throw notOf(column, value);
                }
                return bytes.clone();
            }
            case DATE -> {
                if (!(value instanceof LocalDate day)) {
                    throw notOf(column, value);
                }
                long days = day.toEpochDay();
                if (days < MIN_DATE || days > MAX_DATE) {
                    throw new IllegalArgumentException(
                            "DATE "
                                    + day
                                    + " of column '"
                                    + column.name()
                                    + "' is outside Kudu's DATE range 0001-01-01 to 9999-12-31");
                }
                return toSqlDate(column.name(), (int) days);
            }
            case UNIXTIME_MICROS -> {
                TimestampData timestamp;
                if (value instanceof LocalDateTime wallClock) {
                    timestamp = TimestampData.fromLocalDateTime(wallClock);
                } else if (value instanceof Instant instant) {
                    timestamp = TimestampData.fromInstant(instant);
                } else {
                    throw notOf(column, value);
                }
                return toMicros(column.name(), timestamp);
            }
            default -> throw notOf(column, value);
        }
    }

    private static IllegalArgumentException notOf(KuduColumnMapping column, Object value) {
        return new IllegalArgumentException(
                "Value "
                        + value
                        + " ("
                        + (value == null ? "null" : value.getClass().getSimpleName())
                        + ") is not a value of column '"
                        + column.name()
                        + "' ("
                        + column.describeKuduType()
                        + ")");
    }

    /** An integer checked against the range of the column's Kudu integer type. */
    static long checkRange(KuduColumnMapping column, long value) {
        long min;
        long max;
        switch (column.kuduType()) {
            case INT8 -> {
                min = Byte.MIN_VALUE;
                max = Byte.MAX_VALUE;
            }
            case INT16 -> {
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE;
            }
            case INT32 -> {
                min = Integer.MIN_VALUE;
                max = Integer.MAX_VALUE;
            }
            default -> {
                return value;
            }
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "Value "
                            + value
                            + " of column '"
                            + column.name()
                            + "' is out of the Kudu column's range ["
                            + min
                            + ", "
                            + max
                            + "]");
        }
        return value;
    }

    /** A decimal (at the column's scale) checked against the Kudu column's precision. */
    static BigDecimal checkDecimal(KuduColumnMapping column, BigDecimal decimal) {
        if (decimal.precision() > column.precision()) {
            throw new IllegalArgumentException(
                    "Value "
                            + decimal.toPlainString()
                            + " of column '"
                            + column.name()
                            + "' does not fit "
                            + column.describeKuduType()
                            + " in Kudu");
        }
        return decimal;
    }

    /**
     * A text checked against a VARCHAR(n) column's length: kudu-client would cut a longer one
     * silently (and counts UTF-16 units, not code points).
     */
    static String checkVarchar(KuduColumnMapping column, String value) {
        if (value.length() > column.length()) {
            throw new IllegalArgumentException(
                    "Value of column '"
                            + column.name()
                            + "' has "
                            + value.length()
                            + " UTF-16 code units, more than "
                            + column.describeKuduType()
                            + " in Kudu takes (kudu-client counts a character"
                            + " outside the BMP as 2)");
        }
        return value;
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
