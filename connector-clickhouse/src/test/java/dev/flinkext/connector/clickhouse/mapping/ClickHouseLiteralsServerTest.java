package dev.flinkext.connector.clickhouse.mapping;

import dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ClickHouseLiterals} against the real 18.16 server: for edge values of every type with a
 * literal form, the literal matches exactly the stored row, alone ({@code col IN (lit)}) and inside
 * a tuple with a second column ({@code (col, id) IN ((lit, 1))}, where 18.16 does not convert
 * untyped elements), and never a neighbouring value.
 */
class ClickHouseLiteralsServerTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static final AtomicInteger TABLES = new AtomicInteger();

    /** A column type, its Flink type, a stored value (SQL) and the same value in Flink. */
    private record Case(
            String chType, LogicalType flink, String stored, Object value, String other) {
        Case(String chType, LogicalType flink, String stored, Object value) {
            this(chType, flink, stored, value, "defaultValueOfArgumentType(" + stored + ")");
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("Int8", new TinyIntType(), "-128", (byte) -128));
        cases.add(new Case("UInt8", new SmallIntType(), "255", (short) 255));
        cases.add(new Case("Int32", new IntType(), "-2147483648", Integer.MIN_VALUE));
        cases.add(new Case("Int64", new BigIntType(), "-9223372036854775808", Long.MIN_VALUE));
        cases.add(new Case("UInt64", new BigIntType(), "18446744073709551615", -1L));
        cases.add(new Case("Float32", new FloatType(), "toFloat32(0.1)", 0.1f));
        cases.add(new Case("Float64", new DoubleType(), "1e-300", 1e-300));
        cases.add(new Case("Float64", new DoubleType(), "inf", Double.POSITIVE_INFINITY));
        cases.add(
                new Case(
                        "String",
                        new VarCharType(VarCharType.MAX_LENGTH),
                        "'it''s a \\\\ \\'q\\' ü€ tab\\there'",
                        StringData.fromString("it's a \\ 'q' ü€ tab\there")));
        cases.add(
                new Case(
                        "String",
                        new VarBinaryType(VarBinaryType.MAX_LENGTH),
                        "unhex('00FF27805C')",
                        new byte[] {0, (byte) 0xFF, 0x27, (byte) 0x80, 0x5C}));
        cases.add(
                new Case(
                        "String",
                        new VarCharType(VarCharType.MAX_LENGTH),
                        "''",
                        StringData.fromString(""),
                        "'x'"));
        cases.add(
                new Case(
                        "FixedString(3)",
                        new VarCharType(VarCharType.MAX_LENGTH),
                        "'ab'",
                        StringData.fromString("ab"),
                        "'abc'"));
        cases.add(
                new Case(
                        "Enum8('a' = 1, 'b\\'c' = -2)",
                        new VarCharType(VarCharType.MAX_LENGTH),
                        "'b\\'c'",
                        StringData.fromString("b'c"),
                        "'a'"));
        cases.add(
                new Case(
                        "Date",
                        new DateType(),
                        "toDate('2105-12-31')",
                        (int) LocalDate.of(2105, 12, 31).toEpochDay()));
        cases.add(
                new Case(
                        "Decimal(38, 10)",
                        new DecimalType(38, 10),
                        "toDecimal128('-9999999999999999999999999999.9999999999', 10)",
                        DecimalData.fromBigDecimal(
                                new BigDecimal("-9999999999999999999999999999.9999999999"),
                                38,
                                10)));
        cases.add(
                new Case(
                        "DateTime",
                        new LocalZonedTimestampType(3),
                        "toDateTime(1700000000)",
                        TimestampData.fromEpochMillis(1_700_000_000_999L)));
        cases.add(
                new Case(
                        "UUID",
                        new VarCharType(VarCharType.MAX_LENGTH),
                        "toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0')",
                        StringData.fromString("61f0c404-5cb3-11e7-907b-a6006ad3dba0")));
        cases.add(
                new Case(
                        "Nullable(String)",
                        new VarCharType(VarCharType.MAX_LENGTH),
                        "'n'",
                        StringData.fromString("n")));
        return cases;
    }

    @Test
    void everyLiteralMatchesExactlyItsRowAloneAndInATuple() {
        ClickHouseServer server = CLICKHOUSE.server();
        for (Case c : cases()) {
            String table = "lit" + TABLES.incrementAndGet();
            server.execute(
                    "CREATE TABLE default."
                            + table
                            + " (v "
                            + c.chType()
                            + ", id Int32) ENGINE = Log");
            // the value, and a second row that differs from it
            server.execute(
                    "INSERT INTO default."
                            + table
                            + " SELECT "
                            + c.stored()
                            + ", 1 UNION ALL SELECT "
                            + c.other()
                            + ", 2");
            ClickHouseLiterals.FieldLiteral literal =
                    ClickHouseLiterals.of("v", c.flink(), ClickHouseTypeParser.parse(c.chType()));
            StringBuilder sql = new StringBuilder();
            literal.append(GenericRowData.of(c.value()), 0, sql);
            String alone =
                    server.queryText(
                                    "SELECT groupArray(id) FROM default."
                                            + table
                                            + " WHERE v IN ("
                                            + sql
                                            + ")")
                            .strip();
            String inTuple =
                    server.queryText(
                                    "SELECT groupArray(id) FROM default."
                                            + table
                                            + " WHERE (v, id) IN (("
                                            + sql
                                            + ", 1))")
                            .strip();
            assertThat(alone).as("%s: v IN (%s)", c.chType(), sql).isEqualTo("[1]");
            assertThat(inTuple).as("%s: (v, id) IN ((%s, 1))", c.chType(), sql).isEqualTo("[1]");
        }
    }

    @Test
    void typesWithoutALiteralFormAreRefusedNamingTheColumn() {
        assertThatThrownBy(
                        () ->
                                ClickHouseLiterals.of(
                                        "tags",
                                        new ArrayType(new IntType()),
                                        ClickHouseTypeParser.parse("Array(Int32)")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'tags'")
                .hasMessageContaining("Array(Int32)");
    }
}
