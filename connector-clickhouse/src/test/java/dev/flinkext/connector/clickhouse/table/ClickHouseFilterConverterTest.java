package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinition;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link ClickHouseFilterConverter} pushes and what it leaves to Flink, condition by
 * condition; {@code ClickHouseScanSqlTest} runs pushed filters against the server.
 */
class ClickHouseFilterConverterTest {

    private static final List<ClickHouseColumn> COLUMNS =
            List.of(
                    new ClickHouseColumn("u32", "UInt32", ""),
                    new ClickHouseColumn("i8", "Int8", ""),
                    new ClickHouseColumn("f64", "Float64", ""),
                    new ClickHouseColumn("f32", "Float32", ""),
                    new ClickHouseColumn("dec", "Decimal(9, 2)", ""),
                    new ClickHouseColumn("s", "String", ""),
                    new ClickHouseColumn("ns", "Nullable(String)", ""),
                    new ClickHouseColumn("fs", "FixedString(4)", ""),
                    new ClickHouseColumn("d", "Date", ""),
                    new ClickHouseColumn("t", "DateTime", ""),
                    new ClickHouseColumn("b", "UInt8", ""));

    private static final DataType[] TYPES = {
        DataTypes.BIGINT(),
        DataTypes.TINYINT(),
        DataTypes.DOUBLE(),
        DataTypes.FLOAT(),
        DataTypes.DECIMAL(9, 2),
        DataTypes.STRING(),
        DataTypes.STRING(),
        DataTypes.STRING(),
        DataTypes.DATE(),
        DataTypes.TIMESTAMP_LTZ(0),
        DataTypes.BOOLEAN()
    };

    private static final ClickHouseFilterConverter CONVERTER =
            ClickHouseFilterConverter.of(
                    (RowType)
                            DataTypes.ROW(
                                            java.util.stream.IntStream.range(0, TYPES.length)
                                                    .mapToObj(
                                                            i ->
                                                                    DataTypes.FIELD(
                                                                            COLUMNS.get(i).name(),
                                                                            TYPES[i]))
                                                    .toList())
                                    .getLogicalType(),
                    COLUMNS,
                    ZoneId.of("UTC"));

    private static FieldReferenceExpression field(String name) {
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (COLUMNS.get(i).name().equals(name)) {
                return new FieldReferenceExpression(name, TYPES[i], 0, i);
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static ValueLiteralExpression literal(Object value, DataType type) {
        return new ValueLiteralExpression(value, type.notNull());
    }

    private static CallExpression call(
            BuiltInFunctionDefinition function, ResolvedExpression... args) {
        return CallExpression.permanent(function, List.of(args), DataTypes.BOOLEAN());
    }

    private static String pushed(ResolvedExpression filter) {
        return CONVERTER.convert(filter).orElseThrow(() -> new AssertionError("not pushed"));
    }

    @Test
    void pushesComparisonsWithTypedExactLiterals() {
        assertThat(
                        pushed(
                                call(
                                        BuiltInFunctionDefinitions.GREATER_THAN,
                                        field("u32"),
                                        literal(5L, DataTypes.BIGINT()))))
                .isEqualTo("`u32` > 5");
        // literal on the left: the operator turns around
        assertThat(
                        pushed(
                                call(
                                        BuiltInFunctionDefinitions.LESS_THAN,
                                        literal(5L, DataTypes.BIGINT()),
                                        field("u32"))))
                .isEqualTo("`u32` > 5");
        assertThat(
                        pushed(
                                call(
                                        BuiltInFunctionDefinitions.EQUALS,
                                        field("f64"),
                                        literal(0.1, DataTypes.DOUBLE()))))
                .isEqualTo(
                        "`f64` = reinterpretAsFloat64(reinterpretAsString(toUInt64("
                                + Long.toUnsignedString(Double.doubleToLongBits(0.1))
                                + ")))");
        assertThat(
                        pushed(
                                call(
                                        BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL,
                                        field("dec"),
                                        literal(new BigDecimal("1.5"), DataTypes.DECIMAL(2, 1)))))
                .isEqualTo("`dec` >= CAST('1.50' AS Decimal(9, 2))");
        assertThat(
                        pushed(
                                call(
                                        BuiltInFunctionDefinitions.EQUALS,
                                        field("s"),
                                        literal("it's ü", DataTypes.STRING()))))
                .startsWith("`s` = '")
                .doesNotContain("it's");
        assertThat(
                        pushed(
                                call(
                                        BuiltInFunctionDefinitions.LESS_THAN,
                                        field("d"),
                                        literal(LocalDate.of(2024, 3, 1), DataTypes.DATE()))))
                .isEqualTo("`d` < toDate('2024-03-01')");
        assertThat(
                        pushed(
                                call(
                                        BuiltInFunctionDefinitions.GREATER_THAN,
                                        field("t"),
                                        literal(
                                                Instant.ofEpochSecond(1_700_000_000L),
                                                DataTypes.TIMESTAMP_LTZ(0)))))
                .isEqualTo("`t` > toDateTime(1700000000)");
        assertThat(pushed(field("b"))).isEqualTo("`b` != 0");
        assertThat(pushed(call(BuiltInFunctionDefinitions.IS_NULL, field("ns"))))
                .isEqualTo("isNull(`ns`)");
        assertThat(
                        pushed(
                                call(
                                        BuiltInFunctionDefinitions.IN,
                                        field("i8"),
                                        literal((byte) 1, DataTypes.TINYINT()),
                                        literal((byte) -2, DataTypes.TINYINT()))))
                .isEqualTo("`i8` IN (1, -2)");
    }

    @Test
    void leavesToFlinkWhatClickHouseWouldEvaluateDifferently() {
        // out of the column's range: a conversion would wrap around
        assertThat(
                        CONVERTER.convert(
                                call(
                                        BuiltInFunctionDefinitions.GREATER_THAN,
                                        field("u32"),
                                        literal(-1L, DataTypes.BIGINT()))))
                .isEmpty();
        assertThat(
                        CONVERTER.convert(
                                call(
                                        BuiltInFunctionDefinitions.EQUALS,
                                        field("u32"),
                                        literal(1L << 32, DataTypes.BIGINT()))))
                .isEmpty();
        // more decimal digits than the column: a CAST would cut them
        assertThat(
                        CONVERTER.convert(
                                call(
                                        BuiltInFunctionDefinitions.EQUALS,
                                        field("dec"),
                                        literal(new BigDecimal("1.005"), DataTypes.DECIMAL(4, 3)))))
                .isEmpty();
        assertThat(
                        CONVERTER.convert(
                                call(
                                        BuiltInFunctionDefinitions.EQUALS,
                                        field("f64"),
                                        literal(Double.NaN, DataTypes.DOUBLE()))))
                .isEmpty();
        // OR and NOT over a Nullable column: or(1, NULL) is NULL in ClickHouse, TRUE in SQL
        ResolvedExpression nsIsA =
                call(
                        BuiltInFunctionDefinitions.EQUALS,
                        field("ns"),
                        literal("a", DataTypes.STRING()));
        ResolvedExpression sIsA =
                call(
                        BuiltInFunctionDefinitions.EQUALS,
                        field("s"),
                        literal("a", DataTypes.STRING()));
        assertThat(CONVERTER.convert(call(BuiltInFunctionDefinitions.OR, nsIsA, sIsA))).isEmpty();
        assertThat(CONVERTER.convert(call(BuiltInFunctionDefinitions.NOT, nsIsA))).isEmpty();
        assertThat(CONVERTER.convert(nsIsA)).contains("`ns` = 'a'");
        assertThat(CONVERTER.convert(call(BuiltInFunctionDefinitions.OR, sIsA, sIsA)))
                .contains("(`s` = 'a') OR (`s` = 'a')");
        // FixedString pads with zero bytes; dates past 18.16's calendar; sub-second instants
        assertThat(
                        CONVERTER.convert(
                                call(
                                        BuiltInFunctionDefinitions.EQUALS,
                                        field("fs"),
                                        literal("ab", DataTypes.STRING()))))
                .isEmpty();
        assertThat(
                        CONVERTER.convert(
                                call(
                                        BuiltInFunctionDefinitions.LESS_THAN,
                                        field("d"),
                                        literal(LocalDate.of(2200, 1, 1), DataTypes.DATE()))))
                .isEmpty();
        assertThat(
                        CONVERTER.convert(
                                call(
                                        BuiltInFunctionDefinitions.GREATER_THAN,
                                        field("t"),
                                        literal(
                                                Instant.ofEpochSecond(1_700_000_000L, 5),
                                                DataTypes.TIMESTAMP_LTZ(9)))))
                .isEmpty();
        // a column compared with a column, and a column under a function
        assertThat(
                        CONVERTER.convert(
                                call(BuiltInFunctionDefinitions.EQUALS, field("s"), field("ns"))))
                .isEmpty();
        assertThat(
                        CONVERTER.convert(
                                call(
                                        BuiltInFunctionDefinitions.EQUALS,
                                        CallExpression.permanent(
                                                BuiltInFunctionDefinitions.UPPER,
                                                List.of(field("s")),
                                                DataTypes.STRING()),
                                        literal("A", DataTypes.STRING()))))
                .isEmpty();
    }
}
