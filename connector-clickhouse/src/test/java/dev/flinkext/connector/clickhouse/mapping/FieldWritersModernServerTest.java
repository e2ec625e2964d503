package dev.flinkext.connector.clickhouse.mapping;

import dev.flinkext.connector.clickhouse.ChdbTables;
import dev.flinkext.testing.clickhouse.chdb.ChdbEngine;
import dev.flinkext.testing.clickhouse.chdb.ChdbExtension;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The row writer against a modern ClickHouse (26.x, through chdb), for the types the 18.16 server
 * of the other tests lacks: the mapping is resolved from the table's own {@code system.columns}
 * (the type strings a modern server reports), the rows are written by {@link ClickHouseRowWriter}
 * and the server reads them back exactly.
 */
class FieldWritersModernServerTest {

    @RegisterExtension static final ChdbExtension CHDB = new ChdbExtension();

    private static final DataType ROW =
            DataTypes.ROW(
                    DataTypes.FIELD("id", DataTypes.INT().notNull()),
                    DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3)),
                    DataTypes.FIELD("instant", DataTypes.TIMESTAMP_LTZ(9)),
                    DataTypes.FIELD("attrs", DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())),
                    DataTypes.FIELD(
                            "series",
                            DataTypes.MAP(DataTypes.STRING(), DataTypes.ARRAY(DataTypes.BIGINT()))),
                    DataTypes.FIELD("flag", DataTypes.BOOLEAN()),
                    DataTypes.FIELD("day", DataTypes.DATE()),
                    DataTypes.FIELD("uid", DataTypes.STRING()),
                    DataTypes.FIELD("tag", DataTypes.STRING()),
                    DataTypes.FIELD("maybe_tag", DataTypes.STRING()),
                    DataTypes.FIELD("big", DataTypes.DECIMAL(38, 0)),
                    DataTypes.FIELD("wide", DataTypes.DECIMAL(38, 10)),
                    DataTypes.FIELD(
                            "pair",
                            DataTypes.ROW(
                                    DataTypes.FIELD("a", DataTypes.TINYINT()),
                                    DataTypes.FIELD("s", DataTypes.STRING()))),
                    DataTypes.FIELD("level", DataTypes.STRING()));

    private static final String TABLE_COLUMNS =
            "id Int32, ts DateTime64(3, 'UTC'), instant DateTime64(9, 'Asia/Tokyo'),"
                    + " attrs Map(String, Int32),"
                    + " series Map(LowCardinality(String), Array(Nullable(Int64))), flag Bool,"
                    + " day Date32, uid UUID, tag LowCardinality(String),"
                    + " maybe_tag LowCardinality(Nullable(String)), big Int128,"
                    + " wide Decimal(76, 10), pair Tuple(a Int8, s String),"
                    + " level Enum8('low' = -1, 'high' = 5)";

    @Test
    void aModernServerReadsWhatTheRowWriterWrites(ChdbEngine engine) {
        engine.execute(
                "CREATE TABLE modern (" + TABLE_COLUMNS + ") ENGINE = MergeTree ORDER BY id");
        ClickHouseRowMapping mapping = mapping(engine, "modern");
        ClickHouseRowWriter writer = mapping.newRowWriter();
        RowBinaryOutput out = new RowBinaryOutput(256);

        Map<Object, Object> attrs = new LinkedHashMap<>();
        attrs.put(StringData.fromString("a"), 1);
        attrs.put(StringData.fromString("ü€"), -7);
        Map<Object, Object> series = new LinkedHashMap<>();
        series.put(StringData.fromString("cpu"), new GenericArrayData(new Object[] {1L, null}));
        writer.write(
                GenericRowData.of(
                        1,
                        TimestampData.fromLocalDateTime(
                                LocalDateTime.parse("2024-02-29T12:34:56.789")),
                        TimestampData.fromInstant(Instant.ofEpochSecond(1_700_000_000L, 123)),
                        new GenericMapData(attrs),
                        new GenericMapData(series),
                        true,
                        (int) LocalDate.of(1900, 1, 1).toEpochDay(),
                        StringData.fromString("61F0C404-5CB3-11E7-907B-A6006AD3DBA0"),
                        StringData.fromString("red"),
                        null,
                        DecimalData.fromBigDecimal(
                                new BigDecimal("-99999999999999999999999999999999999999"), 38, 0),
                        DecimalData.fromBigDecimal(
                                new BigDecimal("9999999999999999999999999999.9999999999"), 38, 10),
                        GenericRowData.of((byte) -128, StringData.fromString("tab\there")),
                        StringData.fromString("high")),
                out);
        writer.write(
                GenericRowData.of(
                        2,
                        TimestampData.fromLocalDateTime(
                                LocalDateTime.parse("1969-12-31T23:59:59.999")),
                        TimestampData.fromInstant(Instant.ofEpochSecond(-1, 999_999_999)),
                        new GenericMapData(Map.of()),
                        new GenericMapData(Map.of()),
                        false,
                        (int) LocalDate.of(2299, 12, 31).toEpochDay(),
                        StringData.fromString("00000000-0000-0000-0000-000000000000"),
                        StringData.fromString(""),
                        StringData.fromString("blue"),
                        DecimalData.fromBigDecimal(BigDecimal.ZERO, 38, 0),
                        DecimalData.fromBigDecimal(new BigDecimal("-0.0000000001"), 38, 10),
                        GenericRowData.of((byte) 127, StringData.fromString("")),
                        StringData.fromString("low")),
                out);
        assertThat(engine.insertRowBinary("modern", out.toByteArray())).isEqualTo(2);

        // (queryRows reads TabSeparated: NULL comes back as null, escapes undone)
        assertThat(
                        engine.queryRows(
                                "SELECT id, ts, toUnixTimestamp64Nano(instant), instant, attrs,"
                                        + " series, flag, day, uid, tag, maybe_tag, big, wide,"
                                        + " pair, level FROM modern ORDER BY id"))
                .containsExactly(
                        Arrays.asList(
                                "1",
                                "2024-02-29 12:34:56.789",
                                "1700000000000000123",
                                "2023-11-15 07:13:20.000000123", // Tokyo is UTC+9
                                "{'a':1,'ü€':-7}",
                                "{'cpu':[1,NULL]}",
                                "true",
                                "1900-01-01",
                                "61f0c404-5cb3-11e7-907b-a6006ad3dba0",
                                "red",
                                null, // NULL
                                "-99999999999999999999999999999999999999",
                                "9999999999999999999999999999.9999999999",
                                "(-128,'tab\there')",
                                "high"),
                        List.of(
                                "2",
                                "1969-12-31 23:59:59.999",
                                "-1",
                                "1970-01-01 08:59:59.999999999",
                                "{}",
                                "{}",
                                "false",
                                "2299-12-31",
                                "00000000-0000-0000-0000-000000000000",
                                "",
                                "blue",
                                "0",
                                "-0.0000000001",
                                "(127,'')",
                                "low"));
    }

    @Test
    void aNullInsideATupleIsRefusedNamingTheField(ChdbEngine engine) {
        engine.execute(
                "CREATE TABLE tuples (id Int32, pair Tuple(a Int8, s String))"
                        + " ENGINE = MergeTree ORDER BY id");
        RowType rowType =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("id", DataTypes.INT()),
                                        DataTypes.FIELD(
                                                "pair",
                                                DataTypes.ROW(
                                                        DataTypes.FIELD("a", DataTypes.TINYINT()),
                                                        DataTypes.FIELD("s", DataTypes.STRING()))))
                                .getLogicalType();
        ClickHouseRowWriter writer =
                ClickHouseRowMapping.resolve(
                                "'tuples' (chdb)",
                                rowType,
                                ChdbTables.columns(engine, "tuples"),
                                ZoneOffset.UTC)
                        .newRowWriter();
        assertThatThrownBy(
                        () ->
                                writer.write(
                                        GenericRowData.of(
                                                1,
                                                GenericRowData.of(
                                                        null, StringData.fromString("x"))),
                                        new RowBinaryOutput(16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pair.a'")
                .hasMessageContaining("Int8");
    }

    @Test
    void modernTypeStringsAreCheckedAtPlanningTime(ChdbEngine engine) {
        engine.execute(
                "CREATE TABLE strict (id Int32, flag Bool, ts DateTime64(3, 'UTC'),"
                        + " attrs Map(String, Int32)) ENGINE = MergeTree ORDER BY id");
        RowType wrong =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("id", DataTypes.INT()),
                                        DataTypes.FIELD("flag", DataTypes.STRING()))
                                .getLogicalType();
        assertThatThrownBy(
                        () ->
                                ClickHouseRowMapping.resolve(
                                        "'strict' (chdb)",
                                        wrong,
                                        ChdbTables.columns(engine, "strict"),
                                        ZoneOffset.UTC))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("flag")
                .hasMessageContaining("Bool")
                .hasMessageContaining("STRING");
    }

    private static ClickHouseRowMapping mapping(ChdbEngine engine, String table) {
        return ClickHouseRowMapping.resolve(
                "'" + table + "' (chdb)",
                (RowType) ROW.getLogicalType(),
                ChdbTables.columns(engine, table),
                ZoneOffset.UTC);
    }
}
