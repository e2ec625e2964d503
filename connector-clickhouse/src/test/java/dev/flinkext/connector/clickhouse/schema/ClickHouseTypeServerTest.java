package dev.flinkext.connector.clickhouse.schema;

import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Array;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.DateTime;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Decimal;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.EnumValue;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.FixedString;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.LowCardinality;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Nullable;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Primitive;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Tuple;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.flinkext.connector.clickhouse.schema.ClickHouseType.field;
import static dev.flinkext.connector.clickhouse.schema.ClickHouseType.of;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parses what a live ClickHouse (Debian's 18.16) reports in {@code system.columns.type} for a table
 * with every type that server has (no DateTime64, Map, Bool, IPv4/IPv6, Int128+, named tuples).
 */
class ClickHouseTypeServerTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static final String DATABASE = "type_parser_test";

    @Test
    void parsesEveryColumnTypeTheServerReports() {
        // column name -> (DDL type, expected parsed structure)
        Map<String, Object[]> columns = new LinkedHashMap<>();
        columns.put("i8", col("Int8", of(Primitive.Int8)));
        columns.put("i16", col("Int16", of(Primitive.Int16)));
        columns.put("i32", col("Int32", of(Primitive.Int32)));
        columns.put("i64", col("Int64", of(Primitive.Int64)));
        columns.put("u8", col("UInt8", of(Primitive.UInt8)));
        columns.put("u16", col("UInt16", of(Primitive.UInt16)));
        columns.put("u32", col("UInt32", of(Primitive.UInt32)));
        columns.put("u64", col("UInt64", of(Primitive.UInt64)));
        columns.put("f32", col("Float32", of(Primitive.Float32)));
        columns.put("f64", col("Float64", of(Primitive.Float64)));
        columns.put("s", col("String", of(Primitive.String)));
        columns.put("fs", col("FixedString(16)", new FixedString(16)));
        columns.put("d", col("Date", of(Primitive.Date)));
        columns.put("dt", col("DateTime", new DateTime(Optional.empty())));
        columns.put(
                "dt_tz",
                col("DateTime('Asia/Shanghai')", new DateTime(Optional.of("Asia/Shanghai"))));
        columns.put("dec", col("Decimal(38, 10)", new Decimal(38, 10)));
        columns.put("dec32", col("Decimal32(2)", new Decimal(9, 2)));
        columns.put("dec64", col("Decimal64(4)", new Decimal(18, 4)));
        columns.put("dec128", col("Decimal128(20)", new Decimal(38, 20)));
        columns.put("uuid", col("UUID", of(Primitive.UUID)));
        columns.put(
                "e8",
                col(
                        "Enum8('a\\'b' = 1, 'c' = -128)",
                        // the server lists enum values sorted by value
                        new ClickHouseType.Enum(
                                8, List.of(new EnumValue("c", -128), new EnumValue("a'b", 1)))));
        columns.put(
                "e16",
                col(
                        "Enum16('x' = -32768, 'back\\\\slash' = 1000)",
                        new ClickHouseType.Enum(
                                16,
                                List.of(
                                        new EnumValue("x", -32768),
                                        new EnumValue("back\\slash", 1000)))));
        columns.put("ns", col("Nullable(String)", new Nullable(of(Primitive.String))));
        columns.put("lcs", col("LowCardinality(String)", new LowCardinality(of(Primitive.String))));
        columns.put(
                "lcns",
                col(
                        "LowCardinality(Nullable(String))",
                        new LowCardinality(new Nullable(of(Primitive.String)))));
        columns.put(
                "arr",
                col(
                        "Array(Nullable(Decimal(38, 10)))",
                        new Array(new Nullable(new Decimal(38, 10)))));
        columns.put("arr2", col("Array(Array(UInt8))", new Array(new Array(of(Primitive.UInt8)))));
        columns.put(
                "tup",
                col(
                        "Tuple(UInt8, Array(Tuple(String, Nullable(Int32))))",
                        new Tuple(
                                List.of(
                                        field(of(Primitive.UInt8)),
                                        field(
                                                new Array(
                                                        new Tuple(
                                                                List.of(
                                                                        field(of(Primitive.String)),
                                                                        field(
                                                                                new Nullable(
                                                                                        of(
                                                                                                Primitive
                                                                                                        .Int32)))))))))));
        // 18.16 reports a Nested column as one Array column per element: n.id, n.name
        columns.put("n", col("Nested(id UInt32, name String)", null));

        StringBuilder ddl = new StringBuilder("CREATE TABLE " + DATABASE + ".all_types (");
        columns.forEach((name, c) -> ddl.append(name).append(' ').append(c[0]).append(", "));
        ddl.setLength(ddl.length() - 2);
        ddl.append(") ENGINE = Memory");

        ClickHouseServer server = CLICKHOUSE.server();
        server.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
        server.execute("DROP TABLE IF EXISTS " + DATABASE + ".all_types");
        server.execute(ddl.toString(), Map.of("allow_experimental_low_cardinality_type", "1"));

        List<List<String>> rows =
                server.query(
                        "SELECT name, type FROM system.columns WHERE database = '"
                                + DATABASE
                                + "' AND table = 'all_types'");

        Map<String, ClickHouseType> expected = new LinkedHashMap<>();
        columns.forEach(
                (name, c) -> {
                    if (c[1] != null) {
                        expected.put(name, (ClickHouseType) c[1]);
                    }
                });
        expected.put("n.id", new Array(of(Primitive.UInt32)));
        expected.put("n.name", new Array(of(Primitive.String)));

        Map<String, ClickHouseType> parsed = new LinkedHashMap<>();
        for (List<String> row : rows) {
            String type = row.get(1);
            ClickHouseType t = ClickHouseTypeParser.parse(type);
            assertThat(t.toString()).as("round trip of column %s", row.get(0)).isEqualTo(type);
            parsed.put(row.get(0), t);
        }
        assertThat(parsed).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void parsesTheTypesOfExpressions() {
        // types no table column can have, and escapes the server writes in enum names
        Map<String, ClickHouseType> expressions = new LinkedHashMap<>();
        expressions.put("[]", new Array(of(Primitive.Nothing)));
        expressions.put("NULL", new Nullable(of(Primitive.Nothing)));
        expressions.put(
                "tuple(1, 'a', [NULL])",
                new Tuple(
                        List.of(
                                field(of(Primitive.UInt8)),
                                field(of(Primitive.String)),
                                field(new Array(new Nullable(of(Primitive.Nothing)))))));
        expressions.put("toDecimal32(1, 2)", new Decimal(9, 2));
        expressions.put(
                "CAST('x' AS Enum8('tab\\there' = 1, 'new\\nline' = 2, 'x' = 3))",
                new ClickHouseType.Enum(
                        8,
                        List.of(
                                new EnumValue("tab\there", 1),
                                new EnumValue("new\nline", 2),
                                new EnumValue("x", 3))));

        ClickHouseServer server = CLICKHOUSE.server();
        for (Map.Entry<String, ClickHouseType> e : expressions.entrySet()) {
            String type = server.query("SELECT toTypeName(" + e.getKey() + ")").get(0).get(0);
            ClickHouseType t = ClickHouseTypeParser.parse(type);
            assertThat(t.toString()).as("round trip of %s", e.getKey()).isEqualTo(type);
            assertThat(t).as("type of %s", e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static Object[] col(String ddlType, ClickHouseType expected) {
        return new Object[] {ddlType, expected};
    }
}
