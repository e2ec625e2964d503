package dev.flinkext.connector.kudu.table;

import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;
import dev.flinkext.connector.kudu.mapping.KuduValues;
import dev.flinkext.connector.kudu.source.KuduFilter;

import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A planner filter → the {@link KuduFilter}s that mean exactly the same, or empty when Kudu cannot
 * evaluate it exactly (then Flink does). Converted: {@code =, <, <=, >, >=} between a column and a
 * literal (either side; the column may be under a widening integer CAST), {@code IN} and an OR of
 * equalities on one column, {@code IS [NOT] NULL}, a BOOLEAN column alone or under NOT, and ANDs of
 * those. Not converted: anything on another CAST or a function of a column, LIKE, OR across
 * columns, NULL literals, literals the column cannot hold exactly (converted by {@link KuduValues}
 * as the sink writes them), and comparisons on FLOAT and DOUBLE columns (Kudu orders NaN above
 * every number and -0.0 below 0.0, SQL does neither).
 */
final class KuduFilterConverter {

    private final Map<String, KuduColumnMapping> columns;

    /**
     * @param columns the table's columns by name (a filter names them, not positions)
     */
    KuduFilterConverter(Map<String, KuduColumnMapping> columns) {
        this.columns = columns;
    }

    Optional<List<KuduFilter>> convert(ResolvedExpression filter) {
        if (filter instanceof FieldReferenceExpression field) {
            return booleanColumn(field, true).map(List::of);
        }
        if (!(filter instanceof CallExpression call)) {
            return Optional.empty();
        }
        FunctionDefinition function = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (function == BuiltInFunctionDefinitions.AND) {
            List<KuduFilter> all = new ArrayList<>();
            for (ResolvedExpression arg : args) {
                Optional<List<KuduFilter>> converted = convert(arg);
                if (converted.isEmpty()) {
                    return Optional.empty();
                }
                all.addAll(converted.get());
            }
            return Optional.of(all);
        }
        if (function == BuiltInFunctionDefinitions.NOT
                && args.size() == 1
                && args.get(0) instanceof FieldReferenceExpression field) {
            return booleanColumn(field, false).map(List::of);
        }
        if (function == BuiltInFunctionDefinitions.IS_NULL
                || function == BuiltInFunctionDefinitions.IS_NOT_NULL) {
            if (args.size() == 1 && args.get(0) instanceof FieldReferenceExpression field) {
                return column(field)
                        .map(
                                c ->
                                        List.of(
                                                function == BuiltInFunctionDefinitions.IS_NULL
                                                        ? KuduFilter.isNull(c.name())
                                                        : KuduFilter.isNotNull(c.name())));
            }
            return Optional.empty();
        }
        if (function == BuiltInFunctionDefinitions.IN) {
            return in(args);
        }
        if (function == BuiltInFunctionDefinitions.OR) {
            return equalitiesOfOneColumn(args);
        }
        return comparisonOp(function).flatMap(op -> comparison(op, args)).map(List::of);
    }

    private static Optional<KuduFilter.Op> comparisonOp(FunctionDefinition function) {
        if (function == BuiltInFunctionDefinitions.EQUALS) {
            return Optional.of(KuduFilter.Op.EQUAL);
        } else if (function == BuiltInFunctionDefinitions.LESS_THAN) {
            return Optional.of(KuduFilter.Op.LESS);
        } else if (function == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL) {
            return Optional.of(KuduFilter.Op.LESS_EQUAL);
        } else if (function == BuiltInFunctionDefinitions.GREATER_THAN) {
            return Optional.of(KuduFilter.Op.GREATER);
        } else if (function == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL) {
            return Optional.of(KuduFilter.Op.GREATER_EQUAL);
        }
        return Optional.empty();
    }

    /** {@code column op literal}, or {@code literal op column} with the comparison swapped. */
    private Optional<KuduFilter> comparison(KuduFilter.Op op, List<ResolvedExpression> args) {
        if (args.size() != 2) {
            return Optional.empty();
        }
        Optional<FieldReferenceExpression> left = columnOrWidened(args.get(0));
        Optional<FieldReferenceExpression> right = columnOrWidened(args.get(1));
        if (left.isPresent() && args.get(1) instanceof ValueLiteralExpression literal) {
            FieldReferenceExpression field = left.get();
            return comparable(field)
                    .flatMap(c -> value(c, literal))
                    .map(v -> KuduFilter.compare(field.getName(), op, v));
        }
        if (right.isPresent() && args.get(0) instanceof ValueLiteralExpression literal) {
            FieldReferenceExpression field = right.get();
            return comparable(field)
                    .flatMap(c -> value(c, literal))
                    .map(v -> KuduFilter.compare(field.getName(), op.swapped(), v));
        }
        return Optional.empty();
    }

    /**
     * The column itself, or a column under a widening integer CAST (the planner compares {@code
     * tinyint_col = 3} as {@code CAST(tinyint_col AS INT) = 3}): widening keeps every value, so
     * comparing the column with the literal means the same, and {@link KuduValues} refuses a
     * literal outside the column's range (then Flink evaluates it).
     */
    private static Optional<FieldReferenceExpression> columnOrWidened(ResolvedExpression e) {
        if (e instanceof FieldReferenceExpression field) {
            return Optional.of(field);
        }
        if (e instanceof CallExpression cast
                && cast.getFunctionDefinition() == BuiltInFunctionDefinitions.CAST
                && !cast.getResolvedChildren().isEmpty()
                && cast.getResolvedChildren().get(0) instanceof FieldReferenceExpression field) {
            int from = integerWidth(field.getOutputDataType().getLogicalType().getTypeRoot());
            int to = integerWidth(cast.getOutputDataType().getLogicalType().getTypeRoot());
            if (from > 0 && to >= from) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    private static int integerWidth(LogicalTypeRoot root) {
        return switch (root) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INTEGER -> 4;
            case BIGINT -> 8;
            default -> 0;
        };
    }

    /** {@code column IN (literal, ...)}. */
    private Optional<List<KuduFilter>> in(List<ResolvedExpression> args) {
        Optional<FieldReferenceExpression> inColumn =
                args.size() < 2 ? Optional.empty() : columnOrWidened(args.get(0));
        if (inColumn.isEmpty()) {
            return Optional.empty();
        }
        FieldReferenceExpression field = inColumn.get();
        Optional<KuduColumnMapping> column = comparable(field);
        if (column.isEmpty()) {
            return Optional.empty();
        }
        List<Object> values = new ArrayList<>();
        for (ResolvedExpression arg : args.subList(1, args.size())) {
            if (!(arg instanceof ValueLiteralExpression literal)) {
                return Optional.empty();
            }
            Optional<Object> value = value(column.get(), literal);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values.add(value.get());
        }
        return Optional.of(List.of(KuduFilter.in(field.getName(), values)));
    }

    /** {@code c = a OR c = b OR ...} (how the planner hands over {@code c IN (a, b)}). */
    private Optional<List<KuduFilter>> equalitiesOfOneColumn(List<ResolvedExpression> args) {
        String name = null;
        List<Object> values = new ArrayList<>();
        for (ResolvedExpression arg : args) {
            Optional<List<KuduFilter>> converted = convert(arg);
            if (converted.isEmpty() || converted.get().size() != 1) {
                return Optional.empty();
            }
            KuduFilter filter = converted.get().get(0);
            if (filter.op() != KuduFilter.Op.EQUAL && filter.op() != KuduFilter.Op.IN) {
                return Optional.empty();
            }
            if (name != null && !name.equals(filter.column())) {
                return Optional.empty(); // an OR across columns: Kudu has no OR
            }
            name = filter.column();
            values.addAll(filter.values());
        }
        return name == null ? Optional.empty() : Optional.of(List.of(KuduFilter.in(name, values)));
    }

    private Optional<KuduFilter> booleanColumn(FieldReferenceExpression field, boolean value) {
        return column(field)
                .filter(c -> c.flinkType().getTypeRoot() == LogicalTypeRoot.BOOLEAN)
                .map(c -> KuduFilter.compare(c.name(), KuduFilter.Op.EQUAL, value));
    }

    private Optional<KuduColumnMapping> column(FieldReferenceExpression field) {
        return Optional.ofNullable(columns.get(field.getName()));
    }

    /** A column Kudu compares as SQL does: every mapped type but FLOAT and DOUBLE. */
    private Optional<KuduColumnMapping> comparable(FieldReferenceExpression field) {
        return column(field)
                .filter(
                        c ->
                                c.flinkType().getTypeRoot() != LogicalTypeRoot.FLOAT
                                        && c.flinkType().getTypeRoot() != LogicalTypeRoot.DOUBLE);
    }

    /** The literal as the column's Kudu value, empty when it is NULL or cannot be held exactly. */
    private static Optional<Object> value(
            KuduColumnMapping column, ValueLiteralExpression literal) {
        if (literal.isNull()) {
            return Optional.empty();
        }
        Class<?> conversion = literal.getOutputDataType().getConversionClass();
        Optional<?> value = literal.getValueAs(conversion);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(KuduValues.fromFlink(column, value.get()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // e.g. out of the Kudu type's range: Flink evaluates it
        }
    }
}
