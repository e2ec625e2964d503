package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;
import dev.flinkext.connector.kudu.mapping.KuduValues;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One lookup key part (a Flink internal value of the DDL column's type) as the Java value
 * kudu-client's {@code KuduPredicate} takes for the Kudu column: {@code Byte} for INT8, {@code
 * java.sql.Date} for DATE, microseconds for UNIXTIME_MICROS, and so on (it checks the class, not
 * just the number). Chosen once per key column.
 *
 * <p>A value no Kudu row of the column can hold (a BIGINT key of 300 for an INT8 column, a DATE
 * outside Kudu's range, a TIMESTAMP with nanoseconds, a DECIMAL wider than the column or with more
 * fractional digits than it keeps, a text longer than a VARCHAR) converts to {@code null}: that key
 * is a miss, never an error, and never sent (kudu-client would cut a long VARCHAR predicate value,
 * and could then match another row).
 */
@FunctionalInterface
interface KuduPredicateValue {

    /** The predicate value, or null when no row can hold {@code flinkValue}. */
    @Nullable
    Object of(Object flinkValue);

    static KuduPredicateValue of(KuduColumnMapping column) {
        String name = column.name();
        return switch (column.kuduType()) {
            case INT8 ->
                    v ->
                            inRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE)
                                    ? (Object) ((Number) v).byteValue()
                                    : null;
            case INT16 ->
                    v ->
                            inRange(v, Short.MIN_VALUE, Short.MAX_VALUE)
                                    ? (Object) ((Number) v).shortValue()
                                    : null;
            case INT32 ->
                    v ->
                            inRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE)
                                    ? (Object) ((Number) v).intValue()
                                    : null;
            case INT64 -> v -> ((Number) v).longValue();
            case BOOL, FLOAT, DOUBLE -> v -> v; // Boolean, Float, Double already
            case DECIMAL -> {
                int precision = column.precision();
                int scale = column.scale();
                yield v -> {
                    BigDecimal decimal;
                    try {
                        // at the column's scale (a wider DDL type may carry more digits):
                        // kudu-client would otherwise round, or refuse, the predicate value
                        decimal =
                                ((DecimalData) v)
                                        .toBigDecimal()
                                        .setScale(scale, RoundingMode.UNNECESSARY);
                    } catch (ArithmeticException moreDigitsThanAnyRow) {
                        return null;
                    }
                    return decimal.precision() > precision ? null : decimal;
                };
            }
            case STRING -> v -> ((StringData) v).toString();
            case VARCHAR -> {
                int length = column.length(); // kudu-client counts UTF-16 code units
                yield v -> {
                    String text = ((StringData) v).toString();
                    return text.length() > length ? null : text;
                };
            }
            case BINARY -> v -> v; // byte[]
            case DATE ->
                    v -> {
                        try {
                            return KuduValues.toSqlDate(name, (Integer) v);
                        } catch (IllegalArgumentException unstorable) {
                            return null;
                        }
                    };
            case UNIXTIME_MICROS ->
                    v -> {
                        try {
                            return KuduValues.toMicros(name, (TimestampData) v);
                        } catch (IllegalArgumentException | ArithmeticException unstorable) {
                            return null;
                        }
                    };
            default ->
                    throw new IllegalArgumentException(
                            "Kudu type "
                                    + column.kuduType()
                                    + " of column '"
                                    + name
                                    + "' cannot be a lookup key");
        };
    }

    private static boolean inRange(Object value, long min, long max) {
        long v = ((Number) value).longValue();
        return v >= min && v <= max;
    }
}
