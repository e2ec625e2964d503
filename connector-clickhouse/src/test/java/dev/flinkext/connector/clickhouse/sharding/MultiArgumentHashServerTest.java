package dev.flinkext.connector.clickhouse.sharding;

import dev.flinkext.connector.clickhouse.schema.ClickHouseType;
import dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code murmurHash3_64(a, b, ...)} and {@code cityHash64(a, b, ...)} as {@link ShardRouter}
 * computes them, against the live 18.16 server's own values for 2000 generated rows of mixed column
 * types (integers of several widths with negatives, strings of many lengths including empty and
 * non-ASCII, FixedString, Float64, Date, DateTime).
 */
class MultiArgumentHashServerTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    /** A column: ClickHouse type, generator over {@code number}, Flink type, text → Flink. */
    private record Col(String chType, String generator, LogicalType flink, Parse parse) {}

    private interface Parse {
        Object of(String text);
    }

    private static final Map<String, Col> COLUMNS = new HashMap<>();

    static {
        COLUMNS.put(
                "i32",
                new Col(
                        "Int32",
                        "toInt32(toInt64(intHash64(number)) % 100000)",
                        new IntType(),
                        Integer::valueOf));
        COLUMNS.put(
                "i8",
                new Col("Int8", "toInt8(number % 256 - 128)", new TinyIntType(), Byte::valueOf));
        COLUMNS.put(
                "u64",
                new Col(
                        "UInt64",
                        "intHash64(number)",
                        new BigIntType(),
                        text -> Long.parseUnsignedLong(text)));
        COLUMNS.put(
                "s",
                new Col(
                        "String",
                        "if(number % 7 = 0, '', concat('ü-', substring('"
                                + "x".repeat(40)
                                + "', 1, number % 40), toString(number)))",
                        new VarCharType(VarCharType.MAX_LENGTH),
                        StringData::fromString));
        COLUMNS.put(
                "f",
                new Col(
                        "FixedString(3)",
                        "toFixedString(substring(toString(number), 1, 3), 3)",
                        new VarCharType(VarCharType.MAX_LENGTH),
                        text -> StringData.fromString(text.replace("\0", ""))));
        COLUMNS.put(
                "d",
                new Col(
                        "Float64",
                        "(toFloat64(number) - 1000) / 7",
                        new DoubleType(),
                        Double::valueOf));
        COLUMNS.put(
                "day",
                new Col(
                        "Date",
                        "toDate(17000 + number)",
                        new DateType(),
                        text -> (int) LocalDate.parse(text).toEpochDay()));
        COLUMNS.put(
                "t",
                new Col(
                        "DateTime",
                        "toDateTime(1500000000 + number * 3607)",
                        new LocalZonedTimestampType(3),
                        text -> TimestampData.fromEpochMillis(Long.parseLong(text) * 1000)));
    }

    /** How a column reads back as text that its Parse takes. */
    private static String readBack(String name, Col col) {
        return col.chType().equals("DateTime")
                ? "toString(toUInt32(" + name + "))"
                : "toString(" + name + ")";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "murmurHash3_64(i32, s)",
                "murmurHash3_64(s, u64)",
                "murmurHash3_64(i8, day, s)",
                "murmurHash3_64(f, d)",
                "murmurHash3_64(t, i32)",
                "cityHash64(i32, s)",
                "cityHash64(s, u64)",
                "cityHash64(i8, day, s)",
                "cityHash64(f, d)",
                "cityHash64(t, i32)"
            })
    void theRouterComputesWhatTheServerComputes(String expression) {
        List<String> names = new ArrayList<>();
        for (String part : expression.substring(expression.indexOf('(') + 1).split("[,)]")) {
            if (!part.isBlank()) {
                names.add(part.trim());
            }
        }
        List<LogicalType> flinkTypes = new ArrayList<>();
        Map<String, ClickHouseType> chTypes = new HashMap<>();
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder generated = new StringBuilder();
        for (String name : names) {
            Col col = COLUMNS.get(name);
            flinkTypes.add(col.flink());
            chTypes.put(name, ClickHouseTypeParser.parse(col.chType()));
            select.append(readBack(name, col)).append(", ");
            generated
                    .append(generated.length() == 0 ? "" : ", ")
                    .append(col.generator())
                    .append(" AS ")
                    .append(name);
        }
        select.append("toString(")
                .append(expression)
                .append(") FROM (SELECT ")
                .append(generated)
                .append(" FROM system.numbers LIMIT 2000)");
        ShardRouter router =
                ShardRouter.create(
                        expression, names, flinkTypes, chTypes, ShardSelector.ofWeights(1));

        List<List<String>> rows = CLICKHOUSE.server().query(select.toString());
        assertThat(rows).hasSize(2000);
        for (List<String> row : rows) {
            GenericRowData flinkRow = new GenericRowData(names.size());
            for (int i = 0; i < names.size(); i++) {
                flinkRow.setField(i, COLUMNS.get(names.get(i)).parse().of(row.get(i)));
            }
            assertThat(Long.toUnsignedString(router.shardingValue(flinkRow)))
                    .as("%s of %s", expression, row)
                    .isEqualTo(row.get(names.size()));
        }
    }
}
