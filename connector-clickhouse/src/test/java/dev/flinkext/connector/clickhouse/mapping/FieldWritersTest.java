package dev.flinkext.connector.clickhouse.mapping;

import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exact bytes of the types 18.16 lacks (DateTime64, Map, Bool, Date32, wide integers), the
 * refusals of values a column cannot hold, and the planning-time checks of {@link
 * ClickHouseRowMapping}.
 */
class FieldWritersTest {

    private static byte[] bytes(String clickHouseType, DataType flinkType, Object value)
            throws Exception {
        FieldWriter writer =
                FieldWriters.create(
                        "c",
                        flinkType.getLogicalType(),
                        ClickHouseTypeParser.parse(clickHouseType),
                        ZoneOffset.UTC);
        RowBinaryOutput out = new RowBinaryOutput(16);
        writer.write(GenericRowData.of(value), 0, out);
        return out.toByteArray();
    }

    private static byte[] le(long value, int width) {
        byte[] out = new byte[width];
        for (int i = 0; i < width; i++) {
            out[i] = (byte) (value >>> (8 * Math.min(i, 7)));
            if (i >= 8) {
                out[i] = (byte) (value >> 63);
            }
        }
        return out;
    }

    private static TimestampData local(String iso) {
        return TimestampData.fromLocalDateTime(LocalDateTime.parse(iso));
    }

    @Test
    void dateTime64IsTicksOfItsPrecision() throws Exception {
        assertThat(bytes("DateTime64(3)", DataTypes.TIMESTAMP(3), local("1970-01-01T00:00:00.001")))
                .isEqualTo(le(1, 8));
        // floored before the epoch
        assertThat(
                        bytes(
                                "DateTime64(3)",
                                DataTypes.TIMESTAMP(9),
                                local("1969-12-31T23:59:59.9995")))
                .isEqualTo(le(-1, 8));
        assertThat(bytes("DateTime64(0)", DataTypes.TIMESTAMP(3), local("1969-12-31T23:59:59.5")))
                .isEqualTo(le(-1, 8));
        assertThat(
                        bytes(
                                "DateTime64(9)",
                                DataTypes.TIMESTAMP(9),
                                local("2262-04-11T23:47:16.854775807")))
                .isEqualTo(le(Long.MAX_VALUE, 8));
        // a wall clock in the column's zone
        assertThat(
                        bytes(
                                "DateTime64(6, 'Asia/Shanghai')",
                                DataTypes.TIMESTAMP(6),
                                local("2020-01-01T08:00:00.000001")))
                .isEqualTo(le(1577836800_000001L, 8));
        // an instant as it is
        assertThat(
                        bytes(
                                "DateTime64(9, 'Asia/Shanghai')",
                                DataTypes.TIMESTAMP_LTZ(9),
                                TimestampData.fromInstant(Instant.ofEpochSecond(1, 5))))
                .isEqualTo(le(1_000_000_005L, 8));
        assertThatThrownBy(
                        () ->
                                bytes(
                                        "DateTime64(9)",
                                        DataTypes.TIMESTAMP(3),
                                        local("2300-01-01T00:00:00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Column 'c'")
                .hasMessageContaining("2300-01-01");
    }

    @Test
    void mapIsSizeThenPairs() throws Exception {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(StringData.fromString("a"), 1L);
        map.put(StringData.fromString("é"), null);
        assertThat(
                        bytes(
                                "Map(String, Nullable(UInt64))",
                                DataTypes.MAP(DataTypes.STRING(), DataTypes.BIGINT()),
                                new GenericMapData(map)))
                .containsExactly(2, 1, 'a', 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0xC3, 0xA9, 1);
        assertThat(
                        bytes(
                                "Map(LowCardinality(String), Array(Int32))",
                                DataTypes.MAP(DataTypes.STRING(), DataTypes.ARRAY(DataTypes.INT())),
                                new GenericMapData(Map.of())))
                .containsExactly(0);
    }

    @Test
    void boolDate32AndWideIntegers() throws Exception {
        assertThat(bytes("Bool", DataTypes.BOOLEAN(), true)).containsExactly(1);
        assertThat(bytes("Bool", DataTypes.BOOLEAN(), false)).containsExactly(0);
        int first = (int) LocalDate.of(1900, 1, 1).toEpochDay();
        assertThat(first).isEqualTo(-25567);
        assertThat(bytes("Date32", DataTypes.DATE(), first)).isEqualTo(le(-25567, 4));
        assertThat(bytes("Date32", DataTypes.DATE(), (int) LocalDate.of(2299, 12, 31).toEpochDay()))
                .isEqualTo(le(120529, 4));
        assertThatThrownBy(
                        () ->
                                bytes(
                                        "Date32",
                                        DataTypes.DATE(),
                                        (int) LocalDate.of(1899, 12, 31).toEpochDay()))
                .hasMessageContaining("Column 'c'")
                .hasMessageContaining("1899-12-31");
        assertThat(
                        bytes(
                                "Int128",
                                DataTypes.DECIMAL(38, 0),
                                DecimalData.fromBigDecimal(new BigDecimal("-2"), 38, 0)))
                .isEqualTo(le(-2, 16));
        byte[] max = new byte[16];
        java.util.Arrays.fill(max, (byte) 0xFF);
        // UInt128 from DECIMAL(38, 0) cannot exceed 10^38 - 1; check the upper word is used
        BigDecimal big = new BigDecimal("99999999999999999999999999999999999999");
        assertThat(
                        bytes(
                                "UInt128",
                                DataTypes.DECIMAL(38, 0),
                                DecimalData.fromBigDecimal(big, 38, 0)))
                .isEqualTo(FieldWriters.littleEndian(big.toBigInteger(), 16));
        assertThat(
                        bytes(
                                "Decimal(76, 2)",
                                DataTypes.DECIMAL(30, 2),
                                DecimalData.fromBigDecimal(new BigDecimal("-0.01"), 30, 2)))
                .isEqualTo(le(-1, 32));
        assertThatThrownBy(
                        () ->
                                bytes(
                                        "UInt256",
                                        DataTypes.DECIMAL(38, 0),
                                        DecimalData.fromBigDecimal(new BigDecimal("-1"), 38, 0)))
                .hasMessageContaining("Column 'c'")
                .hasMessageContaining("negative");
    }

    @Test
    void enumNamesAreLookedUpByTheirBytes() throws Exception {
        String type = "Enum16('ä' = -300, 'b' = 2)";
        // a string read from bytes (as Flink's serializers give it) and one made from a String
        assertThat(
                        bytes(
                                type,
                                DataTypes.STRING(),
                                org.apache.flink.table.data.binary.BinaryStringData.fromBytes(
                                        "ä".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isEqualTo(le(-300, 2));
        assertThat(bytes(type, DataTypes.STRING(), StringData.fromString("b"))).isEqualTo(le(2, 2));
    }

    @Test
    void refusesValuesTheColumnCannotHoldNamingColumnAndValue() {
        assertThatThrownBy(() -> bytes("UInt8", DataTypes.SMALLINT(), (short) 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'c' cannot take the value 256: out of range 0 .. 255");
        assertThatThrownBy(() -> bytes("UInt64", DataTypes.BIGINT(), -1L))
                .hasMessageContaining("value -1");
        assertThatThrownBy(
                        () ->
                                bytes(
                                        "UInt64",
                                        DataTypes.DECIMAL(20, 0),
                                        DecimalData.fromBigDecimal(
                                                new BigDecimal("18446744073709551616"), 20, 0)))
                .hasMessageContaining("18446744073709551616")
                .hasMessageContaining("64 bits");
        assertThatThrownBy(() -> bytes("Date", DataTypes.DATE(), -1))
                .hasMessageContaining("1969-12-31");
        assertThatThrownBy(
                        () ->
                                bytes(
                                        "DateTime",
                                        DataTypes.TIMESTAMP(3),
                                        local("1969-12-31T23:59:59")))
                .hasMessageContaining("Column 'c'")
                .hasMessageContaining("1969-12-31");
        assertThatThrownBy(
                        () ->
                                bytes(
                                        "FixedString(2)",
                                        DataTypes.STRING(),
                                        StringData.fromString("é!")))
                .hasMessage(
                        "Column 'c' cannot take the value 'é!': 3 bytes do not fit FixedString(2)");
        assertThatThrownBy(() -> bytes("FixedString(2)", DataTypes.BYTES(), new byte[3]))
                .hasMessage(
                        "Column 'c' cannot take the value of 3 bytes: it does not fit"
                                + " FixedString(2)");
        assertThatThrownBy(
                        () ->
                                bytes(
                                        "Enum8('a' = 1, 'b' = 2)",
                                        DataTypes.STRING(),
                                        StringData.fromString("zz")))
                .hasMessage(
                        "Column 'c' cannot take the value 'zz': not a name of Enum8('a' = 1, 'b' = 2)");
        assertThatThrownBy(() -> bytes("Enum8('a' = 1)", DataTypes.TINYINT(), (byte) 3))
                .hasMessageContaining("value 3");
        assertThatThrownBy(
                        () ->
                                bytes(
                                        "UUID",
                                        DataTypes.STRING(),
                                        StringData.fromString("not-a-uuid")))
                .hasMessageContaining("'not-a-uuid'");
        assertThatThrownBy(() -> bytes("UUID", DataTypes.BYTES(), new byte[15]))
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> bytes("Int32", DataTypes.INT(), null))
                .hasMessage(
                        "Column 'c' cannot take NULL: its ClickHouse type Int32 is not Nullable");
        assertThatThrownBy(
                        () ->
                                bytes(
                                        "Array(String)",
                                        DataTypes.ARRAY(DataTypes.STRING()),
                                        new GenericArrayData(new Object[] {null})))
                .hasMessageContaining("Column 'c[]' cannot take NULL");
        assertThatThrownBy(
                        () ->
                                bytes(
                                        "Tuple(a Int8, b Enum8('x' = 1))",
                                        DataTypes.ROW(DataTypes.TINYINT(), DataTypes.STRING()),
                                        GenericRowData.of((byte) 1, StringData.fromString("y"))))
                .hasMessageContaining("Column 'c.b' cannot take the value 'y'");
    }

    @Test
    void refusesTypePairsItCannotWrite() {
        assertThatThrownBy(() -> bytes("Int32", DataTypes.BIGINT(), 1L))
                .isInstanceOf(FieldWriters.IncompatibleTypeException.class)
                .hasMessageContaining("BIGINT")
                .hasMessageContaining("Int32")
                .hasMessageContaining("no narrowing");
        assertThatThrownBy(() -> bytes("Decimal(9, 2)", DataTypes.DECIMAL(9, 3), null))
                .hasMessageContaining("same scale");
        assertThatThrownBy(() -> bytes("Decimal(9, 2)", DataTypes.DECIMAL(10, 2), null))
                .hasMessageContaining("p <= 9");
        assertThatThrownBy(() -> bytes("Float32", DataTypes.DOUBLE(), null))
                .isInstanceOf(FieldWriters.IncompatibleTypeException.class);
        assertThatThrownBy(() -> bytes("DateTime('Mars/Olympus')", DataTypes.TIMESTAMP(3), null))
                .isInstanceOf(FieldWriters.IncompatibleTypeException.class)
                .hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> bytes("IPv4", DataTypes.STRING(), null))
                .hasMessageContaining("does not write this type yet");
        assertThatThrownBy(
                        () -> bytes("Tuple(Int8, Int8)", DataTypes.ROW(DataTypes.TINYINT()), null))
                .hasMessageContaining("2 fields");
    }

    // ---------------------------------------------------------------- the row mapping

    private static final String TABLE = "'db.t' at http://127.0.0.1:8123";

    private static RowType row(DataTypes.Field... fields) {
        return (RowType) DataTypes.ROW(fields).getLogicalType();
    }

    private static ClickHouseRowMapping resolve(RowType rowType, ClickHouseColumn... columns) {
        return ClickHouseRowMapping.resolve(TABLE, rowType, List.of(columns), ZoneOffset.UTC);
    }

    @Test
    void writesWritableColumnsInTableOrderLeavingOutDefaults() throws Exception {
        RowType rowType =
                row(
                        DataTypes.FIELD("s", DataTypes.STRING()),
                        DataTypes.FIELD("k", DataTypes.BIGINT()));
        ClickHouseRowMapping mapping =
                resolve(
                        rowType,
                        new ClickHouseColumn("k", "UInt64", ""),
                        new ClickHouseColumn("d", "Date", "DEFAULT"),
                        new ClickHouseColumn("s", "Nullable(String)", ""),
                        new ClickHouseColumn("m", "UInt64", "MATERIALIZED"),
                        new ClickHouseColumn("a", "String", "ALIAS"));
        assertThat(mapping.insertColumns()).containsExactly("k", "s");
        RowBinaryOutput out = new RowBinaryOutput(8);
        mapping.newRowWriter().write(GenericRowData.of(StringData.fromString("x"), 7L), out);
        assertThat(out.toByteArray()).containsExactly(7, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'x');
        // serializable to the task managers
        assertThat(
                        org.apache.flink.util.InstantiationUtil.clone(
                                mapping, getClass().getClassLoader()))
                .isEqualTo(mapping);
    }

    @Test
    void planningErrorsNameColumnTypesTableAndEndpoints() {
        assertThatThrownBy(
                        () ->
                                resolve(
                                        row(DataTypes.FIELD("nope", DataTypes.INT())),
                                        new ClickHouseColumn("k", "Int32", "DEFAULT")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'nope' (INT)")
                .hasMessageContaining(TABLE)
                .hasMessageContaining("[k]");
        assertThatThrownBy(
                        () ->
                                resolve(
                                        row(DataTypes.FIELD("k", DataTypes.BIGINT())),
                                        new ClickHouseColumn("k", "Int32", "")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'k' of Flink type BIGINT")
                .hasMessageContaining("type Int32")
                .hasMessageContaining(TABLE);
        assertThatThrownBy(
                        () ->
                                resolve(
                                        row(DataTypes.FIELD("m", DataTypes.BIGINT())),
                                        new ClickHouseColumn("m", "UInt64", "MATERIALIZED")))
                .hasMessageContaining("'m'")
                .hasMessageContaining("MATERIALIZED")
                .hasMessageContaining(TABLE);
        assertThatThrownBy(
                        () ->
                                resolve(
                                        row(DataTypes.FIELD("k", DataTypes.BIGINT())),
                                        new ClickHouseColumn("k", "Int64", ""),
                                        new ClickHouseColumn("n", "Nullable(String)", ""),
                                        new ClickHouseColumn("v", "String", "")))
                .hasMessageContaining("'v' (String)")
                .hasMessageContaining("no DEFAULT")
                .hasMessageContaining(TABLE);
    }

    @Test
    void dateTimeWithoutZoneUsesTheServerZone() throws Exception {
        LogicalType ts = DataTypes.TIMESTAMP(0).getLogicalType();
        FieldWriter writer =
                FieldWriters.create(
                        "c",
                        ts,
                        ClickHouseTypeParser.parse("DateTime"),
                        ZoneId.of("Europe/Berlin"));
        RowBinaryOutput out = new RowBinaryOutput(8);
        // 2020-07-01 12:00 in Berlin (summer time, +02:00)
        writer.write(GenericRowData.of(local("2020-07-01T12:00:00")), 0, out);
        assertThat(out.toByteArray()).isEqualTo(le(1593597600L, 4));
    }
}
