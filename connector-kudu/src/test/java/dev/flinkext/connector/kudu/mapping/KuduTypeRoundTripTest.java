package dev.flinkext.connector.kudu.mapping;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.RowResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.flinkext.connector.kudu.KuduTestTables.create;
import static dev.flinkext.connector.kudu.KuduTestTables.decimal;
import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static dev.flinkext.connector.kudu.KuduTestTables.scan;
import static dev.flinkext.connector.kudu.KuduTestTables.varchar;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mapped type written by SQL INSERT with its edge values and read back with plain kudu-client
 * (the values Kudu really holds), then decoded with the connector's own decoders (the Kudu → Flink
 * direction).
 */
class KuduTypeRoundTripTest {

    @RegisterExtension static final KuduClusterExtension KUDU = new KuduClusterExtension();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final String TABLE = "all_types";

    /** The DDL's columns, each the natural Flink type of its Kudu column. */
    private static final String COLUMNS =
            "id INT, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT, b BOOLEAN, f FLOAT, d DOUBLE,"
                    + " dec38 DECIMAL(38, 0), dec3838 DECIMAL(38, 38), dec102 DECIMAL(10, 2),"
                    + " s STRING, vc VARCHAR(5), bin BYTES, dt DATE, ts TIMESTAMP(6),"
                    + " ltz TIMESTAMP_LTZ(6), PRIMARY KEY (id) NOT ENFORCED";

    private static final String ALL_BYTES;
    private static final String ALL_BYTES_REVERSED;

    static {
        StringBuilder up = new StringBuilder();
        StringBuilder down = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            up.append(String.format("%02X", i));
            down.append(String.format("%02X", 255 - i));
        }
        ALL_BYTES = up.toString();
        ALL_BYTES_REVERSED = down.toString();
    }

    private static final String NINES_38 = "9".repeat(38);

    @BeforeAll
    static void writeEdgeValues() throws Exception {
        create(
                KUDU.client(),
                TABLE,
                key("id", Type.INT32),
                nullable("i8", Type.INT8),
                nullable("i16", Type.INT16),
                nullable("i32", Type.INT32),
                nullable("i64", Type.INT64),
                nullable("b", Type.BOOL),
                nullable("f", Type.FLOAT),
                nullable("d", Type.DOUBLE),
                decimal("dec38", 38, 0),
                decimal("dec3838", 38, 38),
                decimal("dec102", 10, 2),
                nullable("s", Type.STRING),
                varchar("vc", 5),
                nullable("bin", Type.BINARY),
                nullable("dt", Type.DATE),
                nullable("ts", Type.UNIXTIME_MICROS),
                nullable("ltz", Type.UNIXTIME_MICROS));
        FlinkSql sql = FlinkSql.streaming();
        // a zone far from UTC: TIMESTAMP must still be stored as UTC wall clock
        sql.set("table.local-time-zone", "Asia/Kolkata");
        // NaN, infinities and -0.0 are no SQL literals (the planner folds constants into
        // BigDecimals), and Flink's folded CAST('3.4028235E38' AS FLOAT) is 2 ulps below
        // Float.MAX_VALUE: non-deterministic functions keep these values out of constant folding
        sql.tableEnv().createTemporarySystemFunction("PARSE_FLOAT", ParseFloat.class);
        sql.tableEnv().createTemporarySystemFunction("PARSE_DOUBLE", ParseDouble.class);
        sql.executeScript(
                "CREATE TABLE t ("
                        + COLUMNS
                        + ") WITH ('connector' = 'kudu', 'masters' = '"
                        + KUDU.masterAddresses()
                        + "', 'table-name' = '"
                        + TABLE
                        + "');"
                        + "INSERT INTO t VALUES "
                        // 1: minimums
                        + "(1, CAST(-128 AS TINYINT), CAST(-32768 AS SMALLINT), -2147483648,"
                        + " CAST('-9223372036854775808' AS BIGINT), false,"
                        + " PARSE_FLOAT('-3.4028235E38'), CAST('-1.7976931348623157E308' AS DOUBLE),"
                        + " CAST('-"
                        + NINES_38
                        + "' AS DECIMAL(38, 0)), CAST('-0."
                        + NINES_38
                        + "' AS DECIMAL(38, 38)), CAST('-99999999.99' AS DECIMAL(10, 2)),"
                        + " '', '', X'"
                        + ALL_BYTES
                        + "', DATE '0001-01-01', TIMESTAMP '0001-01-01 00:00:00.000000',"
                        + " TO_TIMESTAMP_LTZ(-62135596800000, 3)),"
                        // 2: maximums, non-ASCII, VARCHAR at its limit
                        + "(2, CAST(127 AS TINYINT), CAST(32767 AS SMALLINT), 2147483647,"
                        + " CAST('9223372036854775807' AS BIGINT), true,"
                        + " PARSE_FLOAT('3.4028235E38'), CAST('1.7976931348623157E308' AS DOUBLE),"
                        + " CAST('"
                        + NINES_38
                        + "' AS DECIMAL(38, 0)), CAST('0."
                        + NINES_38
                        + "' AS DECIMAL(38, 38)), CAST('99999999.99' AS DECIMAL(10, 2)),"
                        + " 'héllo wörld, 中文, 🎉', 'äö中文ß', X'"
                        + ALL_BYTES_REVERSED
                        + "', DATE '9999-12-31', TIMESTAMP '9999-12-31 23:59:59.999999',"
                        + " TO_TIMESTAMP_LTZ(1700000000123, 3)),"
                        // 3: NaN, infinities, the smallest magnitudes
                        + "(3, CAST(0 AS TINYINT), CAST(0 AS SMALLINT), 0, CAST(0 AS BIGINT), true,"
                        + " PARSE_FLOAT('NaN'), PARSE_DOUBLE('NaN'),"
                        + " CAST(0 AS DECIMAL(38, 0)), CAST('0.00000000000000000000000000000000000001'"
                        + " AS DECIMAL(38, 38)), CAST('-0.01' AS DECIMAL(10, 2)),"
                        + " 'a', 'abcde', X'', DATE '1582-10-04', TIMESTAMP '1969-12-31 23:59:59.999999',"
                        + " TO_TIMESTAMP_LTZ(0, 3)),"
                        // 4: -0.0 and infinities
                        + "(4, CAST(-1 AS TINYINT), CAST(-1 AS SMALLINT), -1, CAST(-1 AS BIGINT), false,"
                        + " PARSE_FLOAT('-Infinity'), PARSE_DOUBLE('-0.0'),"
                        + " CAST(1 AS DECIMAL(38, 0)), CAST(0 AS DECIMAL(38, 38)),"
                        + " CAST('12345678.90' AS DECIMAL(10, 2)),"
                        + " 'x', 'z', X'00', DATE '1582-10-15', TIMESTAMP '1970-01-01 00:00:00.000001',"
                        + " TO_TIMESTAMP_LTZ(-1, 3)),"
                        // 5: infinities and subnormals
                        + "(5, CAST(1 AS TINYINT), CAST(1 AS SMALLINT), 1, CAST(1 AS BIGINT), true,"
                        + " CAST('1.4E-45' AS FLOAT), CAST('4.9E-324' AS DOUBLE),"
                        + " CAST(-1 AS DECIMAL(38, 0)), CAST(0 AS DECIMAL(38, 38)),"
                        + " CAST(0 AS DECIMAL(10, 2)), 'y', 'y', X'FF', DATE '1970-01-01',"
                        + " TIMESTAMP '2024-02-29 12:34:56.123456', TO_TIMESTAMP_LTZ(1, 3)),"
                        + "(6, CAST(NULL AS TINYINT), CAST(NULL AS SMALLINT), CAST(NULL AS INT),"
                        + " CAST(NULL AS BIGINT), CAST(NULL AS BOOLEAN), PARSE_FLOAT('Infinity'),"
                        + " PARSE_DOUBLE('Infinity'), CAST(NULL AS DECIMAL(38, 0)),"
                        + " CAST(NULL AS DECIMAL(38, 38)), CAST(NULL AS DECIMAL(10, 2)),"
                        + " CAST(NULL AS STRING), CAST(NULL AS VARCHAR(5)), CAST(NULL AS BYTES),"
                        + " CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP(6)),"
                        + " CAST(NULL AS TIMESTAMP_LTZ(6))),"
                        // 7: float -0.0, double -Infinity
                        + "(7, CAST(NULL AS TINYINT), CAST(NULL AS SMALLINT), CAST(NULL AS INT),"
                        + " CAST(NULL AS BIGINT), CAST(NULL AS BOOLEAN), PARSE_FLOAT('-0.0'),"
                        + " PARSE_DOUBLE('-Infinity'), CAST(NULL AS DECIMAL(38, 0)),"
                        + " CAST(NULL AS DECIMAL(38, 38)), CAST(NULL AS DECIMAL(10, 2)),"
                        + " CAST(NULL AS STRING), CAST(NULL AS VARCHAR(5)), CAST(NULL AS BYTES),"
                        + " CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP(6)),"
                        + " CAST(NULL AS TIMESTAMP_LTZ(6)))"
                        + FlinkVersion.onConflictDeduplicate()
                        + ";");
    }

    /** {@code Float.parseFloat}, never folded into a literal. */
    public static final class ParseFloat extends ScalarFunction {
        public Float eval(String s) {
            return Float.parseFloat(s);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    /** {@code Double.parseDouble}, never folded into a literal. */
    public static final class ParseDouble extends ScalarFunction {
        public Double eval(String s) {
            return Double.parseDouble(s);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    /** The stored row of {@code id}, each column as kudu-client reads it. */
    private static Map<String, Object> row(int id) throws Exception {
        return scan(KUDU.client(), TABLE, KuduTypeRoundTripTest::raw).stream()
                .filter(r -> r.get("id").equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> raw(RowResult r) {
        Map<String, Object> values = new HashMap<>();
        Schema schema = r.getSchema();
        for (ColumnSchema column : schema.getColumns()) {
            String name = column.getName();
            if (r.isNull(name)) {
                values.put(name, null);
                continue;
            }
            Object value =
                    switch (column.getType()) {
                        case INT8 -> r.getByte(name);
                        case INT16 -> r.getShort(name);
                        case INT32 -> r.getInt(name);
                        case INT64, UNIXTIME_MICROS -> r.getLong(name);
                        case BOOL -> r.getBoolean(name);
                        case FLOAT -> Float.floatToRawIntBits(r.getFloat(name));
                        case DOUBLE -> Double.doubleToRawLongBits(r.getDouble(name));
                        case DECIMAL -> r.getDecimal(name);
                        case STRING -> r.getString(name);
                        case VARCHAR -> r.getVarchar(name);
                        case BINARY ->
                                HexFormat.of().withUpperCase().formatHex(r.getBinaryCopy(name));
                        case DATE -> r.getDate(name).toLocalDate();
                        default -> throw new IllegalStateException(column.toString());
                    };
            values.put(name, value);
        }
        return values;
    }

    private static long micros(String localDateTime) {
        LocalDateTime t = LocalDateTime.parse(localDateTime);
        return Math.addExact(
                Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
                t.getNano() / 1000);
    }

    @Test
    void minimums() throws Exception {
        Map<String, Object> r = row(1);
        assertThat(r.get("i8")).isEqualTo((byte) -128);
        assertThat(r.get("i16")).isEqualTo((short) -32768);
        assertThat(r.get("i32")).isEqualTo(Integer.MIN_VALUE);
        assertThat(r.get("i64")).isEqualTo(Long.MIN_VALUE);
        assertThat(r.get("b")).isEqualTo(false);
        assertThat(r.get("f")).isEqualTo(Float.floatToRawIntBits(-Float.MAX_VALUE));
        assertThat(r.get("d")).isEqualTo(Double.doubleToRawLongBits(-Double.MAX_VALUE));
        assertThat(r.get("dec38")).isEqualTo(new BigDecimal("-" + NINES_38));
        assertThat(r.get("dec3838")).isEqualTo(new BigDecimal("-0." + NINES_38));
        assertThat(r.get("dec102")).isEqualTo(new BigDecimal("-99999999.99"));
        assertThat(r.get("s")).isEqualTo("");
        assertThat(r.get("vc")).isEqualTo("");
        assertThat(r.get("bin")).isEqualTo(ALL_BYTES);
        assertThat(r.get("dt")).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(r.get("ts")).isEqualTo(micros("0001-01-01T00:00:00"));
        assertThat(r.get("ltz")).isEqualTo(-62135596800000L * 1000);
    }

    @Test
    void maximumsNonAsciiAndVarcharAtItsLimit() throws Exception {
        Map<String, Object> r = row(2);
        assertThat(r.get("i8")).isEqualTo((byte) 127);
        assertThat(r.get("i16")).isEqualTo((short) 32767);
        assertThat(r.get("i32")).isEqualTo(Integer.MAX_VALUE);
        assertThat(r.get("i64")).isEqualTo(Long.MAX_VALUE);
        assertThat(r.get("b")).isEqualTo(true);
        assertThat(r.get("f")).isEqualTo(Float.floatToRawIntBits(Float.MAX_VALUE));
        assertThat(r.get("d")).isEqualTo(Double.doubleToRawLongBits(Double.MAX_VALUE));
        assertThat(r.get("dec38")).isEqualTo(new BigDecimal(NINES_38));
        assertThat(r.get("dec3838")).isEqualTo(new BigDecimal("0." + NINES_38));
        assertThat(r.get("dec102")).isEqualTo(new BigDecimal("99999999.99"));
        assertThat(r.get("s")).isEqualTo("héllo wörld, 中文, 🎉");
        assertThat(r.get("vc")).isEqualTo("äö中文ß");
        assertThat(r.get("bin")).isEqualTo(ALL_BYTES_REVERSED);
        assertThat(r.get("dt")).isEqualTo(LocalDate.of(9999, 12, 31));
        assertThat(r.get("ts")).isEqualTo(micros("9999-12-31T23:59:59.999999"));
        assertThat(r.get("ltz")).isEqualTo(1700000000123000L);
    }

    @Test
    void floatingPointSpecialsBitForBit() throws Exception {
        assertThat(row(3).get("f")).isEqualTo(Float.floatToRawIntBits(Float.NaN));
        assertThat(row(3).get("d")).isEqualTo(Double.doubleToRawLongBits(Double.NaN));
        assertThat(row(4).get("f")).isEqualTo(Float.floatToRawIntBits(Float.NEGATIVE_INFINITY));
        assertThat(row(4).get("d")).isEqualTo(Double.doubleToRawLongBits(-0.0d));
        assertThat(row(5).get("f")).isEqualTo(Float.floatToRawIntBits(Float.MIN_VALUE));
        assertThat(row(5).get("d")).isEqualTo(Double.doubleToRawLongBits(Double.MIN_VALUE));
        assertThat(row(6).get("f")).isEqualTo(Float.floatToRawIntBits(Float.POSITIVE_INFINITY));
        assertThat(row(6).get("d")).isEqualTo(Double.doubleToRawLongBits(Double.POSITIVE_INFINITY));
        assertThat(row(7).get("f")).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(row(7).get("d")).isEqualTo(Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY));
    }

    @Test
    void smallDecimalsDatesAroundTheGregorianSwitchAndMicroseconds() throws Exception {
        assertThat(row(3).get("dec3838"))
                .isEqualTo(new BigDecimal("0.00000000000000000000000000000000000001"));
        assertThat(row(3).get("dec102")).isEqualTo(new BigDecimal("-0.01"));
        assertThat(row(4).get("dec102")).isEqualTo(new BigDecimal("12345678.90"));
        assertThat(row(3).get("dt")).isEqualTo(LocalDate.of(1582, 10, 4));
        assertThat(row(4).get("dt")).isEqualTo(LocalDate.of(1582, 10, 15));
        assertThat(row(5).get("dt")).isEqualTo(LocalDate.of(1970, 1, 1));
        assertThat(row(3).get("ts")).isEqualTo(-1L);
        assertThat(row(4).get("ts")).isEqualTo(1L);
        assertThat(row(5).get("ts")).isEqualTo(micros("2024-02-29T12:34:56.123456"));
        assertThat(row(3).get("ltz")).isEqualTo(0L);
        assertThat(row(4).get("ltz")).isEqualTo(-1000L);
        assertThat(row(3).get("bin")).isEqualTo("");
        assertThat(row(4).get("bin")).isEqualTo("00");
        assertThat(row(3).get("vc")).isEqualTo("abcde");
    }

    @Test
    void nullsStayNull() throws Exception {
        Map<String, Object> r = row(6);
        assertThat(
                        r.entrySet().stream()
                                .filter(e -> e.getValue() == null)
                                .map(Map.Entry::getKey)
                                .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        "i8", "i16", "i32", "i64", "b", "dec38", "dec3838", "dec102", "s", "vc",
                        "bin", "dt", "ts", "ltz");
    }

    /** The Kudu → Flink direction: the connector's decoders give Flink's internal values back. */
    @Test
    void decodersReadTheStoredValuesBack() throws Exception {
        Schema schema = KUDU.client().openTable(TABLE).getSchema();
        List<String> names = List.of("i8", "i16", "i32", "i64", "b", "f", "d", "dec38", "dec3838");
        List<String> more = List.of("dec102", "s", "vc", "bin", "dt", "ts", "ltz");
        Map<String, KuduFieldDecoder> decoders = new HashMap<>();
        for (ColumnSchema column : schema.getColumns()) {
            DataType type = KuduTypeMapping.flinkTypeOf(column);
            LogicalType logical =
                    column.getName().equals("ltz")
                            ? new org.apache.flink.table.types.logical.LocalZonedTimestampType(6)
                            : type.getLogicalType();
            KuduColumnMapping mapping =
                    new KuduColumnMapping(
                            column.getName(),
                            schema.getColumnIndex(column.getName()),
                            logical,
                            column.getType(),
                            column.getTypeAttributes() == null
                                    ? 0
                                    : column.getTypeAttributes().getPrecision(),
                            column.getTypeAttributes() == null
                                    ? 0
                                    : column.getTypeAttributes().getScale(),
                            column.getTypeAttributes() == null
                                    ? 0
                                    : column.getTypeAttributes().getLength(),
                            column.isNullable(),
                            column.isKey());
            decoders.put(
                    column.getName(),
                    KuduFieldDecoders.create(mapping, schema.getColumnIndex(column.getName())));
        }
        Map<String, Object> two =
                scan(
                                KUDU.client(),
                                TABLE,
                                r -> {
                                    Map<String, Object> decoded = new HashMap<>();
                                    decoders.forEach(
                                            (name, decoder) ->
                                                    decoded.put(name, decoder.decode(r)));
                                    return decoded;
                                })
                        .stream()
                        .filter(r -> r.get("id").equals(2))
                        .findFirst()
                        .orElseThrow();
        assertThat(two).containsKeys(names.toArray(new String[0]));
        assertThat(two.get("i8")).isEqualTo((byte) 127);
        assertThat(two.get("i16")).isEqualTo((short) 32767);
        assertThat(two.get("i32")).isEqualTo(Integer.MAX_VALUE);
        assertThat(two.get("i64")).isEqualTo(Long.MAX_VALUE);
        assertThat(two.get("b")).isEqualTo(true);
        assertThat(two.get("f")).isEqualTo(Float.MAX_VALUE);
        assertThat(two.get("d")).isEqualTo(Double.MAX_VALUE);
        assertThat(two.get("dec38"))
                .isEqualTo(DecimalData.fromBigDecimal(new BigDecimal(NINES_38), 38, 0));
        assertThat(two.get("dec3838"))
                .isEqualTo(DecimalData.fromBigDecimal(new BigDecimal("0." + NINES_38), 38, 38));
        assertThat(two).containsKeys(more.toArray(new String[0]));
        assertThat(two.get("s")).isEqualTo(StringData.fromString("héllo wörld, 中文, 🎉"));
        assertThat(two.get("vc")).isEqualTo(StringData.fromString("äö中文ß"));
        assertThat(HexFormat.of().withUpperCase().formatHex((byte[]) two.get("bin")))
                .isEqualTo(ALL_BYTES_REVERSED);
        assertThat(two.get("dt")).isEqualTo((int) LocalDate.of(9999, 12, 31).toEpochDay());
        assertThat(two.get("ts"))
                .isEqualTo(
                        TimestampData.fromLocalDateTime(
                                LocalDateTime.parse("9999-12-31T23:59:59.999999")));
        assertThat(two.get("ltz")).isEqualTo(TimestampData.fromEpochMillis(1700000000123L));
    }
}
