package dev.flinkext.connector.kudu.source;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.client.KuduPredicate;

import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A predicate the Kudu tablet servers evaluate, in a serializable form ({@link KuduPredicate} is
 * not): a column, an operator and Kudu-typed Java values (Byte/Short/Integer/Long for the integer
 * types, Long microseconds for UNIXTIME_MICROS, {@link Date} for DATE, BigDecimal, String, byte[],
 * Boolean, Float, Double). Turned into a {@link KuduPredicate} against the table's schema when the
 * scan tokens are built. Every filter of a scan must hold (they are ANDed).
 *
 * @param column the Kudu column (case-sensitive)
 * @param op the comparison
 * @param values one value for a comparison, the list for {@link Op#IN}, none for the NULL tests
 */
public record KuduFilter(String column, Op op, List<Object> values) implements Serializable {

    /** What a {@link KuduFilter} tests. */
    public enum Op {
        EQUAL("=", KuduPredicate.ComparisonOp.EQUAL),
        LESS("<", KuduPredicate.ComparisonOp.LESS),
        LESS_EQUAL("<=", KuduPredicate.ComparisonOp.LESS_EQUAL),
        GREATER(">", KuduPredicate.ComparisonOp.GREATER),
        GREATER_EQUAL(">=", KuduPredicate.ComparisonOp.GREATER_EQUAL),
        IN("IN", null),
        IS_NULL("IS NULL", null),
        IS_NOT_NULL("IS NOT NULL", null);

        private final String symbol;
        private final KuduPredicate.ComparisonOp comparison;

        Op(String symbol, KuduPredicate.ComparisonOp comparison) {
            this.symbol = symbol;
            this.comparison = comparison;
        }

        /** The comparison with its sides swapped: {@code 5 < x} is {@code x > 5}. */
        public Op swapped() {
            return switch (this) {
                case LESS -> GREATER;
                case LESS_EQUAL -> GREATER_EQUAL;
                case GREATER -> LESS;
                case GREATER_EQUAL -> LESS_EQUAL;
                default -> this;
            };
        }
    }

    public KuduFilter {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(op, "op");
        values = new ArrayList<>(values); // may hold byte[]; List.copyOf would too, but not null
        int expected =
                switch (op) {
                    case IS_NULL, IS_NOT_NULL -> 0;
                    case IN -> -1;
                    default -> 1;
                };
        if (expected >= 0 && values.size() != expected) {
            throw new IllegalArgumentException(
                    op + " on column '" + column + "' takes " + expected + " values: " + values);
        }
        if (values.contains(null)) {
            throw new IllegalArgumentException(
                    "A filter on column '" + column + "' cannot compare with NULL: " + values);
        }
    }

    /** {@code column op value}, op one of =, <, <=, >, >=. */
    public static KuduFilter compare(String column, Op op, Object value) {
        if (op == Op.IN || op == Op.IS_NULL || op == Op.IS_NOT_NULL) {
            throw new IllegalArgumentException(op + " is not a comparison");
        }
        return new KuduFilter(column, op, List.of(value));
    }

    /** {@code column IN (values)}. */
    public static KuduFilter in(String column, List<?> values) {
        return new KuduFilter(column, Op.IN, new ArrayList<>(values));
    }

    public static KuduFilter isNull(String column) {
        return new KuduFilter(column, Op.IS_NULL, List.of());
    }

    public static KuduFilter isNotNull(String column) {
        return new KuduFilter(column, Op.IS_NOT_NULL, List.of());
    }

    /**
     * The Kudu predicate of this filter on {@code schema}'s column.
     *
     * @throws IllegalArgumentException when the table has no such column or a value does not fit
     *     its type, naming column and value
     */
    public KuduPredicate toPredicate(Schema schema) {
        if (!schema.hasColumn(column)) {
            throw new IllegalArgumentException(
                    "Filter " + this + " names column '" + column + "', which the table lacks");
        }
        ColumnSchema kudu = schema.getColumn(column);
        try {
            return switch (op) {
                case IS_NULL -> KuduPredicate.newIsNullPredicate(kudu);
                case IS_NOT_NULL -> KuduPredicate.newIsNotNullPredicate(kudu);
                case IN ->
                        KuduPredicate.newInListPredicate(
                                kudu, values.stream().map(v -> exact(kudu, v)).toList());
                default -> comparison(kudu, op.comparison, exact(kudu, values.get(0)));
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Filter " + this + " does not fit Kudu column '" + column + "': " + e, e);
        }
    }

    /** The boxed class kudu-client's IN-list expects for an integer column (it casts). */
    private static Object exact(ColumnSchema column, Object value) {
        if (!(value instanceof Number number)
                || value instanceof BigDecimal
                || value instanceof Float
                || value instanceof Double) {
            return value;
        }
        return switch (column.getType()) {
            case INT8 -> number.byteValue();
            case INT16 -> number.shortValue();
            case INT32 -> number.intValue();
            case INT64, UNIXTIME_MICROS -> number.longValue();
            default -> value;
        };
    }

    private static KuduPredicate comparison(
            ColumnSchema column, KuduPredicate.ComparisonOp op, Object value) {
        if (value instanceof Boolean b) {
            return KuduPredicate.newComparisonPredicate(column, op, (boolean) b);
        } else if (value instanceof Float f) {
            return KuduPredicate.newComparisonPredicate(column, op, (float) f);
        } else if (value instanceof Double d) {
            return KuduPredicate.newComparisonPredicate(column, op, (double) d);
        } else if (value instanceof BigDecimal d) {
            return KuduPredicate.newComparisonPredicate(column, op, d);
        } else if (value instanceof Number n) {
            return KuduPredicate.newComparisonPredicate(column, op, n.longValue());
        } else if (value instanceof String s) {
            return KuduPredicate.newComparisonPredicate(column, op, s);
        } else if (value instanceof byte[] bytes) {
            return KuduPredicate.newComparisonPredicate(column, op, bytes);
        } else if (value instanceof Date date) {
            return KuduPredicate.newComparisonPredicate(column, op, date);
        }
        throw new IllegalArgumentException(
                "value " + value + " (" + value.getClass().getName() + ") has no Kudu type");
    }

    @Override
    public String toString() {
        String text = "`" + column + "` " + op.symbol;
        if (op == Op.IN) {
            return text
                    + " ("
                    + values.stream().map(KuduFilter::show).collect(Collectors.joining(", "))
                    + ")";
        }
        return values.isEmpty() ? text : text + " " + show(values.get(0));
    }

    private static String show(Object value) {
        if (value instanceof byte[] bytes) {
            return "X'" + java.util.HexFormat.of().formatHex(bytes) + "'";
        }
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KuduFilter that
                && column.equals(that.column)
                && op == that.op
                && Arrays.deepEquals(values.toArray(), that.values.toArray());
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, op, Arrays.deepHashCode(values.toArray()));
    }
}
