package dev.flinkext.connector.redis.mapping;

import dev.flinkext.connector.redis.config.RedisColumnTypes;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * The one place that renders a table field as the bytes Redis stores (keys, values, hash fields,
 * members) and parses them back. Text for everything but BINARY/VARBINARY, which stay raw:
 *
 * <ul>
 *   <li>CHAR/VARCHAR: UTF-8; BOOLEAN: {@code true}/{@code false}
 *   <li>integers: decimal digits; FLOAT/DOUBLE: Java's shortest round-trip form; DECIMAL: plain (no
 *       exponent), so INCRBY/INCRBYFLOAT accept them
 *   <li>DATE {@code 2024-01-31}; TIME {@code 12:30:05}; TIMESTAMP {@code 2024-01-31T12:30:05.123}
 *       (ISO-8601); TIMESTAMP_LTZ as an ISO instant {@code 2024-01-31T11:30:05.123Z}
 * </ul>
 *
 * An encoder is picked once per column (no per-row type dispatch or reflection). Which types have a
 * text form is decided at planning time by {@code config.RedisColumnTypes}.
 */
public final class FieldText {

    private FieldText() {}

    /** Renders one non-null field of a row. */
    @FunctionalInterface
    public interface Encoder {
        byte[] encode(RowData row);
    }

    /** Parses Redis bytes back into Flink's internal representation of the field. */
    @FunctionalInterface
    public interface Decoder {
        Object decode(byte[] bytes);
    }

    /** An encoder of field {@code pos}; the caller checks the field for null first. */
    public static Encoder encoder(LogicalType type, int pos) {
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return row -> row.getString(pos).toBytes();
            case BOOLEAN:
                return row -> utf8(Boolean.toString(row.getBoolean(pos)));
            case TINYINT:
                return row -> utf8(Byte.toString(row.getByte(pos)));
            case SMALLINT:
                return row -> utf8(Short.toString(row.getShort(pos)));
            case INTEGER:
                return row -> utf8(Integer.toString(row.getInt(pos)));
            case BIGINT:
                return row -> utf8(Long.toString(row.getLong(pos)));
            case FLOAT:
                return row -> utf8(Float.toString(row.getFloat(pos)));
            case DOUBLE:
                return row -> utf8(Double.toString(row.getDouble(pos)));
            case DECIMAL:
                {
                    DecimalType decimal = (DecimalType) type;
                    return row ->
                            utf8(
                                    row.getDecimal(pos, decimal.getPrecision(), decimal.getScale())
                                            .toBigDecimal()
                                            .toPlainString());
                }
            case DATE:
                return row -> utf8(LocalDate.ofEpochDay(row.getInt(pos)).toString());
            case TIME_WITHOUT_TIME_ZONE:
                return row -> utf8(LocalTime.ofNanoOfDay(row.getInt(pos) * 1_000_000L).toString());
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                {
                    int precision =
                            org.apache.flink.table.types.logical.utils.LogicalTypeChecks
                                    .getPrecision(type);
                    return row ->
                            utf8(row.getTimestamp(pos, precision).toLocalDateTime().toString());
                }
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                {
                    int precision =
                            org.apache.flink.table.types.logical.utils.LogicalTypeChecks
                                    .getPrecision(type);
                    return row -> utf8(row.getTimestamp(pos, precision).toInstant().toString());
                }
            case BINARY:
            case VARBINARY:
                return row -> row.getBinary(pos);
            default:
                throw new IllegalArgumentException(
                        "No text form for "
                                + type.asSummaryString()
                                + "; supported: "
                                + RedisColumnTypes.SUPPORTED);
        }
    }

    /**
     * A decoder for {@code type}: the inverse of {@link #encoder}. Throws {@link
     * IllegalArgumentException} (with the text) on bytes that do not parse.
     */
    public static Decoder decoder(LogicalType type) {
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return StringData::fromBytes;
            case BOOLEAN:
                return b -> parse(b, type, s -> parseBoolean(s));
            case TINYINT:
                return b -> parse(b, type, Byte::parseByte);
            case SMALLINT:
                return b -> parse(b, type, Short::parseShort);
            case INTEGER:
                return b -> parse(b, type, Integer::parseInt);
            case BIGINT:
                return b -> parse(b, type, Long::parseLong);
            case FLOAT:
                return b -> parse(b, type, Float::parseFloat);
            case DOUBLE:
                return b -> parse(b, type, Double::parseDouble);
            case DECIMAL:
                {
                    DecimalType decimal = (DecimalType) type;
                    return b ->
                            parse(
                                    b,
                                    type,
                                    s ->
                                            DecimalData.fromBigDecimal(
                                                    new BigDecimal(s),
                                                    decimal.getPrecision(),
                                                    decimal.getScale()));
                }
            case DATE:
                return b -> parse(b, type, s -> (int) LocalDate.parse(s).toEpochDay());
            case TIME_WITHOUT_TIME_ZONE:
                return b ->
                        parse(b, type, s -> (int) (LocalTime.parse(s).toNanoOfDay() / 1_000_000L));
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return b ->
                        parse(
                                b,
                                type,
                                s -> TimestampData.fromLocalDateTime(LocalDateTime.parse(s)));
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return b -> parse(b, type, s -> TimestampData.fromInstant(Instant.parse(s)));
            case BINARY:
            case VARBINARY:
                return b -> b;
            default:
                throw new IllegalArgumentException(
                        "No text form for "
                                + type.asSummaryString()
                                + "; supported: "
                                + RedisColumnTypes.SUPPORTED);
        }
    }

    private static Boolean parseBoolean(String s) {
        if ("true".equalsIgnoreCase(s) || "1".equals(s)) {
            return true;
        }
        if ("false".equalsIgnoreCase(s) || "0".equals(s)) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    private static Object parse(
            byte[] bytes, LogicalType type, java.util.function.Function<String, Object> parser) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            // returned values whose result is null (decimal overflow) count as unparseable
            Object value = parser.apply(text.trim());
            if (value == null) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Redis value '" + text + "' is not a " + type.asSummaryString(), e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
