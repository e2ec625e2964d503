package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.connector.clickhouse.mapping.ClickHouseLiterals;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType;
import dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser;

import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A planner filter → the ClickHouse condition that selects exactly the same rows as Flink would
 * from the rows as they are read ({@code mapping/FieldReaders}), or empty: then Flink evaluates it.
 *
 * <p>Converted: {@code =, <>, <, <=, >, >=} between a column and a literal (either side), {@code
 * IN} of literals, {@code IS [NOT] NULL}, a BOOLEAN column (UInt8 or Bool) alone, and {@code AND},
 * {@code OR}, {@code NOT} of those. Columns of Int8..Int64, UInt8..UInt64, Float32/64, Decimal,
 * String, Date, and DateTime read as TIMESTAMP_LTZ.
 *
 * <p>Not converted, and why:
 *
 * <ul>
 *   <li>{@code OR} and {@code NOT} over a Nullable column: a ClickHouse function of a NULL argument
 *       is NULL, so {@code or(1, NULL)} is NULL where SQL says TRUE (a top-level {@code AND} does
 *       not matter: WHERE drops NULL and FALSE alike);
 *   <li>a literal outside the column's range (it would wrap around in a conversion), a Decimal
 *       literal with more digits than the column (it would be cut), a Date outside 1970..2105, a
 *       timestamp with a fraction of a second, NaN and infinite floats, NULL literals;
 *   <li>a column under a CAST or any function, two columns compared, LIKE, and the other types
 *       (FixedString pads with zero bytes, Enum orders by value, TIMESTAMP wall clocks repeat at
 *       DST changes, nested types).
 * </ul>
 *
 * Floats are named by their bits ({@code reinterpretAsFloat64(...)}), so no decimal text has to
 * parse back to the same value; strings and identifiers go through {@link ClickHouseLiterals}.
 */
final class ClickHouseFilterConverter {

    private static final LocalDate LAST_DATE = LocalDate.of(2105, 12, 31);

    private final Map<String, ClickHouseColumn> columns;
    private final Map<String, LogicalType> flinkTypes;

    /**
     * @param columns the table's columns by name
     * @param flinkTypes the DDL's physical columns' types by name
     */
    ClickHouseFilterConverter(
            Map<String, ClickHouseColumn> columns, Map<String, LogicalType> flinkTypes) {
        this.columns = Map.copyOf(columns);
        this.flinkTypes = Map.copyOf(flinkTypes);
    }

    static ClickHouseFilterConverter of(
            RowType physicalType, List<ClickHouseColumn> columns, ZoneId serverZone) {
        Map<String, ClickHouseColumn> byName = new LinkedHashMap<>();
        columns.forEach(c -> byName.put(c.name(), c));
        Map<String, LogicalType> types = new LinkedHashMap<>();
        physicalType.getFields().forEach(f -> types.put(f.getName(), f.getType()));
        return new ClickHouseFilterConverter(byName, types);
    }

    Optional<String> convert(ResolvedExpression filter) {
        return convert(filter, false);
    }

    /**
     * @param nullFree the expression sits under OR or NOT: every column it names must be
     *     non-Nullable
     */
    private Optional<String> convert(ResolvedExpression filter, boolean nullFree) {
        if (filter instanceof FieldReferenceExpression field) {
            return column(field, nullFree)
                    .filter(c -> c.flinkType.is(LogicalTypeRoot.BOOLEAN))
                    .map(c -> c.quoted + " != 0");
        }
        if (!(filter instanceof CallExpression call)) {
            return Optional.empty();
        }
        FunctionDefinition function = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (function == BuiltInFunctionDefinitions.AND
                || function == BuiltInFunctionDefinitions.OR) {
            boolean or = function == BuiltInFunctionDefinitions.OR;
            List<String> parts = new ArrayList<>();
            for (ResolvedExpression arg : args) {
                Optional<String> part = convert(arg, nullFree || or);
                if (part.isEmpty()) {
                    return Optional.empty();
                }
                parts.add("(" + part.get() + ")");
            }
            return Optional.of(String.join(or ? " OR " : " AND ", parts));
        }
        if (function == BuiltInFunctionDefinitions.NOT && args.size() == 1) {
            return convert(args.get(0), true).map(inner -> "NOT (" + inner + ")");
        }
        if ((function == BuiltInFunctionDefinitions.IS_NULL
                        || function == BuiltInFunctionDefinitions.IS_NOT_NULL)
                && args.size() == 1
                && args.get(0) instanceof FieldReferenceExpression field) {
            // isNull() is never NULL itself
            return column(field, false)
                    .map(
                            c ->
                                    (function == BuiltInFunctionDefinitions.IS_NULL
                                                    ? "isNull("
                                                    : "isNotNull(")
                                            + c.quoted
                                            + ")");
        }
        if (function == BuiltInFunctionDefinitions.IN
                && args.size() >= 2
                && args.get(0) instanceof FieldReferenceExpression field) {
            Optional<Column> column = column(field, nullFree);
            if (column.isEmpty()) {
                return Optional.empty();
            }
            List<String> values = new ArrayList<>();
            for (ResolvedExpression arg : args.subList(1, args.size())) {
                Optional<String> value =
                        arg instanceof ValueLiteralExpression literal
                                ? literal(column.get(), literal, true)
                                : Optional.empty();
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                values.add(value.get());
            }
            return Optional.of(column.get().quoted + " IN (" + String.join(", ", values) + ")");
        }
        String operator = comparison(function);
        if (operator != null && args.size() == 2) {
            boolean swapped = args.get(0) instanceof ValueLiteralExpression;
            ResolvedExpression left = swapped ? args.get(1) : args.get(0);
            ResolvedExpression right = swapped ? args.get(0) : args.get(1);
            if (left instanceof FieldReferenceExpression field
                    && right instanceof ValueLiteralExpression literal) {
                boolean ordering = !operator.equals("=") && !operator.equals("!=");
                String op = swapped ? mirrored(operator) : operator;
                return column(field, nullFree)
                        .flatMap(
                                c ->
                                        literal(c, literal, !ordering)
                                                .map(value -> c.quoted + " " + op + " " + value));
            }
        }
        return Optional.empty();
    }

    private static String comparison(FunctionDefinition function) {
        if (function == BuiltInFunctionDefinitions.EQUALS) {
            return "=";
        }
        if (function == BuiltInFunctionDefinitions.NOT_EQUALS) {
            return "!=";
        }
        if (function == BuiltInFunctionDefinitions.LESS_THAN) {
            return "<";
        }
        if (function == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL) {
            return "<=";
        }
        if (function == BuiltInFunctionDefinitions.GREATER_THAN) {
            return ">";
        }
        if (function == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL) {
            return ">=";
        }
        return null;
    }

    /** {@code 5 < c} is {@code c > 5}. */
    private static String mirrored(String operator) {
        return switch (operator) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> operator;
        };
    }

    /** A column of the table with its types; inner = without Nullable and LowCardinality. */
    private record Column(
            String quoted, LogicalType flinkType, ClickHouseType inner, boolean nullable) {}

    private Optional<Column> column(FieldReferenceExpression field, boolean nullFree) {
        ClickHouseColumn column = columns.get(field.getName());
        LogicalType flinkType = flinkTypes.get(field.getName());
        if (column == null || flinkType == null) {
            return Optional.empty();
        }
        ClickHouseType type = ClickHouseTypeParser.parse(column.type());
        boolean nullable = false;
        while (type instanceof ClickHouseType.Nullable
                || type instanceof ClickHouseType.LowCardinality) {
            if (type instanceof ClickHouseType.Nullable n) {
                nullable = true;
                type = n.inner();
            } else {
                type = ((ClickHouseType.LowCardinality) type).inner();
            }
        }
        if (nullable && nullFree) {
            return Optional.empty();
        }
        return Optional.of(
                new Column(
                        ClickHouseLiterals.identifier(column.name()), flinkType, type, nullable));
    }

    /**
     * The literal as a ClickHouse value of the column's type, exactly; empty when it has none.
     *
     * @param equalityOnly the literal is compared for equality only (=, !=, IN)
     */
    private static Optional<String> literal(
            Column column, ValueLiteralExpression literal, boolean equalityOnly) {
        LogicalType literalType = literal.getOutputDataType().getLogicalType();
        if (literal.isNull()) {
            return Optional.empty();
        }
        LogicalType flinkType = column.flinkType;
        if (column.inner instanceof ClickHouseType.Decimal decimal) {
            if (!flinkType.is(LogicalTypeRoot.DECIMAL)
                    || !(literalType.is(LogicalTypeRoot.DECIMAL)
                            || literalType.is(LogicalTypeFamily.INTEGER_NUMERIC))) {
                return Optional.empty();
            }
            BigDecimal value = literal.getValueAs(BigDecimal.class).orElse(null);
            if (value == null) {
                Long whole = literal.getValueAs(Long.class).orElse(null);
                value = whole == null ? null : BigDecimal.valueOf(whole);
            }
            if (value == null) {
                return Optional.empty();
            }
            BigDecimal exact;
            try {
                exact = value.setScale(decimal.scale());
            } catch (ArithmeticException cut) {
                return Optional.empty();
            }
            if (exact.precision() - exact.scale() > decimal.precision() - decimal.scale()) {
                return Optional.empty();
            }
            return Optional.of(
                    "CAST('"
                            + exact.toPlainString()
                            + "' AS Decimal("
                            + decimal.precision()
                            + ", "
                            + decimal.scale()
                            + "))");
        }
        if (column.inner instanceof ClickHouseType.DateTime) {
            if (!flinkType.is(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE)
                    || !literalType.is(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE)) {
                return Optional.empty();
            }
            Instant instant = literal.getValueAs(Instant.class).orElse(null);
            if (instant == null
                    || instant.getNano() != 0
                    || instant.getEpochSecond() < 0
                    || instant.getEpochSecond() > 0xFFFF_FFFFL) {
                return Optional.empty();
            }
            return Optional.of("toDateTime(" + instant.getEpochSecond() + ")");
        }
        if (!(column.inner instanceof ClickHouseType.Basic basic)) {
            return Optional.empty();
        }
        String name = basic.primitive().name();
        if (name.matches("U?Int(8|16|32|64)")) {
            if (!flinkType.is(LogicalTypeFamily.INTEGER_NUMERIC)
                    || !literalType.is(LogicalTypeFamily.INTEGER_NUMERIC)) {
                return Optional.empty();
            }
            Number number = literal.getValueAs(Number.class).orElse(null);
            if (number == null) {
                return Optional.empty();
            }
            BigInteger value = BigInteger.valueOf(number.longValue());
            int bits = Integer.parseInt(name.replaceAll("\\D", ""));
            boolean unsigned = name.startsWith("U");
            BigInteger min =
                    unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
            BigInteger max =
                    (unsigned ? BigInteger.ONE.shiftLeft(bits) : BigInteger.ONE.shiftLeft(bits - 1))
                            .subtract(BigInteger.ONE);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                return Optional.empty();
            }
            return Optional.of(value.toString());
        }
        if (name.equals("Float64") || name.equals("Float32")) {
            boolean single = name.equals("Float32");
            LogicalTypeRoot expected = single ? LogicalTypeRoot.FLOAT : LogicalTypeRoot.DOUBLE;
            if (!flinkType.is(expected) || !literalType.is(expected)) {
                return Optional.empty();
            }
            Number number = literal.getValueAs(Number.class).orElse(null);
            if (number == null
                    || Double.isNaN(number.doubleValue())
                    || Double.isInfinite(number.doubleValue())) {
                return Optional.empty();
            }
            return Optional.of(
                    single
                            ? "reinterpretAsFloat32(reinterpretAsString(toUInt32("
                                    + Integer.toUnsignedString(
                                            Float.floatToIntBits(number.floatValue()))
                                    + ")))"
                            : "reinterpretAsFloat64(reinterpretAsString(toUInt64("
                                    + Long.toUnsignedString(
                                            Double.doubleToLongBits(number.doubleValue()))
                                    + ")))");
        }
        if (name.equals("String")) {
            if (!flinkType.is(LogicalTypeFamily.CHARACTER_STRING)
                    || !literalType.is(LogicalTypeFamily.CHARACTER_STRING)) {
                return Optional.empty();
            }
            return literal.getValueAs(String.class).map(ClickHouseLiterals::quoted);
        }
        if (name.equals("Date")) {
            if (!flinkType.is(LogicalTypeRoot.DATE) || !literalType.is(LogicalTypeRoot.DATE)) {
                return Optional.empty();
            }
            LocalDate date = literal.getValueAs(LocalDate.class).orElse(null);
            if (date == null || date.isBefore(LocalDate.EPOCH) || date.isAfter(LAST_DATE)) {
                return Optional.empty();
            }
            return Optional.of("toDate('" + date + "')");
        }
        return Optional.empty();
    }
}
