package dev.flinkext.connector.clickhouse.mapping;

import dev.flinkext.connector.clickhouse.ChdbTables;
import dev.flinkext.connector.clickhouse.client.ClickHouseClients;
import dev.flinkext.connector.clickhouse.client.ClickHouseTables;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.clickhouse.chdb.ChdbEngine;
import dev.flinkext.testing.clickhouse.chdb.ChdbExtension;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FieldReaders} against real servers: rows written by the connector's own RowBinary writer
 * into a real 18.16 table (whose output FieldWritersServerTest checks against the server's text),
 * read back with {@code SELECT ... FORMAT RowBinary} and {@link ClickHouseRowReader}, equal the
 * rows written, for every type 18.16 has; values the server makes itself (UInt64 above 2^63) read
 * exactly; and the types 18.16 lacks (DateTime64, Map, Bool, LowCardinality, Date32) through
 * ClickHouse 26.7 (chdb).
 */
class FieldReadersServerTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @RegisterExtension static final ChdbExtension CHDB = new ChdbExtension();

    private static final String COLUMNS =
            "id Int32, i8 Int8, u8 UInt8, i16 Int16, u16 UInt16, u32 UInt32, i64 Int64,"
                    + " u64 UInt64, f32 Float32, f64 Float64, d9 Decimal(9, 2), d18 Decimal(18, 4),"
                    + " d38 Decimal(38, 10), s String, b String, fs FixedString(3),"
                    + " fb FixedString(3), day Date, t DateTime, tu DateTime('UTC'), u UUID,"
                    + " e Enum8('a' = 1, 'b' = -2), e16 Enum16('x' = 300), ns Nullable(String),"
                    + " arr Array(Nullable(Int32)), tup Tuple(Int32, String), flag UInt8";

    private static final RowType ROW =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.INT()),
                                    DataTypes.FIELD("i8", DataTypes.TINYINT()),
                                    DataTypes.FIELD("u8", DataTypes.SMALLINT()),
                                    DataTypes.FIELD("i16", DataTypes.SMALLINT()),
                                    DataTypes.FIELD("u16", DataTypes.INT()),
                                    DataTypes.FIELD("u32", DataTypes.BIGINT()),
                                    DataTypes.FIELD("i64", DataTypes.BIGINT()),
                                    DataTypes.FIELD("u64", DataTypes.BIGINT()),
                                    DataTypes.FIELD("f32", DataTypes.FLOAT()),
                                    DataTypes.FIELD("f64", DataTypes.DOUBLE()),
                                    DataTypes.FIELD("d9", DataTypes.DECIMAL(9, 2)),
                                    DataTypes.FIELD("d18", DataTypes.DECIMAL(18, 4)),
                                    DataTypes.FIELD("d38", DataTypes.DECIMAL(38, 10)),
                                    DataTypes.FIELD("s", DataTypes.STRING()),
                                    DataTypes.FIELD("b", DataTypes.BYTES()),
                                    DataTypes.FIELD("fs", DataTypes.STRING()),
                                    DataTypes.FIELD("fb", DataTypes.BYTES()),
                                    DataTypes.FIELD("day", DataTypes.DATE()),
                                    DataTypes.FIELD("t", DataTypes.TIMESTAMP_LTZ(0)),
                                    DataTypes.FIELD("tu", DataTypes.TIMESTAMP(3)),
                                    DataTypes.FIELD("u", DataTypes.STRING()),
                                    DataTypes.FIELD("e", DataTypes.STRING()),
                                    DataTypes.FIELD("e16", DataTypes.SMALLINT()),
                                    DataTypes.FIELD("ns", DataTypes.STRING()),
                                    DataTypes.FIELD("arr", DataTypes.ARRAY(DataTypes.INT())),
                                    DataTypes.FIELD(
                                            "tup",
                                            DataTypes.ROW(
                                                    DataTypes.FIELD("a", DataTypes.INT()),
                                                    DataTypes.FIELD("b", DataTypes.STRING()))),
                                    DataTypes.FIELD("flag", DataTypes.BOOLEAN()))
                            .getLogicalType();

    private static GenericRowData row(int id, boolean extremes) {
        return GenericRowData.of(
                id,
                extremes ? Byte.MIN_VALUE : (byte) 7,
                (short) (extremes ? 255 : 0),
                extremes ? Short.MIN_VALUE : (short) -1,
                extremes ? 65535 : 1,
                extremes ? 4294967295L : 0L,
                extremes ? Long.MIN_VALUE : Long.MAX_VALUE,
                extremes ? Long.MAX_VALUE : 0L,
                extremes ? Float.NaN : -0.0f,
                extremes ? Double.NEGATIVE_INFINITY : Double.MIN_VALUE,
                DecimalData.fromBigDecimal(new BigDecimal(extremes ? "-9999999.99" : "0.01"), 9, 2),
                DecimalData.fromBigDecimal(
                        new BigDecimal(extremes ? "99999999999999.9999" : "-1.5"), 18, 4),
                DecimalData.fromBigDecimal(
                        new BigDecimal(
                                extremes
                                        ? "-9999999999999999999999999999.9999999999"
                                        : "0.0000000001"),
                        38,
                        10),
                StringData.fromString(extremes ? "ü€ \t\n'\\ " + "x".repeat(300) : ""),
                extremes ? new byte[] {0, (byte) 0xFF, 0x7F} : new byte[0],
                StringData.fromString(extremes ? "abc" : "a"),
                extremes ? new byte[] {1, 0, 2} : new byte[] {0, 0, 0},
                (int)
                        (extremes ? LocalDate.of(2105, 12, 31) : LocalDate.of(1970, 1, 1))
                                .toEpochDay(),
                TimestampData.fromInstant(
                        extremes ? Instant.ofEpochSecond(4294967295L) : Instant.EPOCH),
                TimestampData.fromLocalDateTime(
                        extremes
                                ? LocalDateTime.of(2024, 2, 29, 23, 59, 59)
                                : LocalDateTime.of(1970, 1, 1, 0, 0)),
                StringData.fromString(
                        extremes
                                ? "ffffffff-ffff-ffff-ffff-ffffffffffff"
                                : "61f0c404-5cb3-11e7-907b-a6006ad3dba0"),
                StringData.fromString(extremes ? "b" : "a"),
                (short) 300,
                extremes ? null : StringData.fromString("n"),
                new GenericArrayData(extremes ? new Object[] {1, null, -1} : new Object[0]),
                GenericRowData.of(extremes ? Integer.MIN_VALUE : 0, StringData.fromString("t")),
                extremes);
    }

    @Test
    void whatTheWriterStoredReadsBackEqual() throws Exception {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.readers (" + COLUMNS + ") ENGINE = MergeTree ORDER BY id");
        ClickHouseConnectionOptions options =
                ClickHouseConnectionOptions.builder(server.httpUrl()).build();
        List<ClickHouseColumn> columns = ClickHouseTables.columns(options, "default", "readers");
        ClickHouseRowMapping write =
                ClickHouseRowMapping.resolve("'readers'", ROW, columns, ZoneOffset.UTC);
        ClickHouseRowWriter writer = write.newRowWriter();
        RowBinaryOutput out = new RowBinaryOutput(1024);
        List<RowData> rows = new ArrayList<>();
        for (int id = 0; id < 4; id++) {
            GenericRowData row = row(id, id % 2 == 1);
            rows.add(row);
            writer.write(row, out);
        }
        try (Client client = ClickHouseClients.create(options)) {
            try (InsertResponse ignored =
                    client.insert(
                                    "default.readers",
                                    out.asInputStream(),
                                    ClickHouseFormat.RowBinary)
                            .get(60, TimeUnit.SECONDS)) {
                // stored
            }
            ClickHouseReadMapping read =
                    ClickHouseReadMapping.resolve("'readers'", ROW, columns, ZoneOffset.UTC);
            assertThat(readAll(client, read, "default.readers")).isEqualTo(rows);
        }
    }

    @Test
    void unsignedValuesAboveBigintReadIntoDecimalAndFailIntoBigint() throws Exception {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute("CREATE TABLE default.big (v UInt64) ENGINE = Log");
        server.execute("INSERT INTO default.big VALUES (18446744073709551615)");
        ClickHouseConnectionOptions options =
                ClickHouseConnectionOptions.builder(server.httpUrl()).build();
        List<ClickHouseColumn> columns = ClickHouseTables.columns(options, "default", "big");
        try (Client client = ClickHouseClients.create(options)) {
            RowType decimal =
                    (RowType)
                            DataTypes.ROW(DataTypes.FIELD("v", DataTypes.DECIMAL(20, 0)))
                                    .getLogicalType();
            assertThat(
                            readAll(
                                    client,
                                    ClickHouseReadMapping.resolve(
                                            "'big'", decimal, columns, ZoneOffset.UTC),
                                    "default.big"))
                    .containsExactly(
                            GenericRowData.of(
                                    DecimalData.fromBigDecimal(
                                            new BigDecimal("18446744073709551615"), 20, 0)));
            RowType bigint =
                    (RowType)
                            DataTypes.ROW(DataTypes.FIELD("v", DataTypes.BIGINT()))
                                    .getLogicalType();
            assertThatThrownBy(
                            () ->
                                    readAll(
                                            client,
                                            ClickHouseReadMapping.resolve(
                                                    "'big'", bigint, columns, ZoneOffset.UTC),
                                            "default.big"))
                    .hasMessageContaining("Column 'v' holds 18446744073709551615")
                    .hasMessageContaining("DECIMAL(20, 0)");
        }
    }

    @Test
    void typesThatCannotHoldTheColumnAreRefusedAtPlanning() {
        List<ClickHouseColumn> columns =
                List.of(
                        new ClickHouseColumn("a", "Int64", ""),
                        new ClickHouseColumn("b", "Nullable(String)", ""),
                        new ClickHouseColumn("c", "DateTime64(6)", ""));
        assertThatThrownBy(() -> resolve(columns, DataTypes.FIELD("a", DataTypes.INT())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Column 'a'")
                .hasMessageContaining("Int64")
                .hasMessageContaining("INT");
        assertThatThrownBy(
                        () -> resolve(columns, DataTypes.FIELD("b", DataTypes.STRING().notNull())))
                .hasMessageContaining("drop NOT NULL");
        assertThatThrownBy(() -> resolve(columns, DataTypes.FIELD("c", DataTypes.TIMESTAMP(3))))
                .hasMessageContaining("at least 6 digits");
        assertThatThrownBy(() -> resolve(columns, DataTypes.FIELD("missing", DataTypes.INT())))
                .hasMessageContaining("'missing' is not a column");
    }

    private static ClickHouseReadMapping resolve(
            List<ClickHouseColumn> columns, DataTypes.Field field) {
        return ClickHouseReadMapping.resolve(
                "'t'", (RowType) DataTypes.ROW(field).getLogicalType(), columns, ZoneOffset.UTC);
    }

    @Test
    void modernTypesReadFromClickHouse26(ChdbEngine engine) throws Exception {
        engine.execute(
                "CREATE TABLE modern (id Int32, t DateTime64(3, 'UTC'), m Map(String, Int32),"
                        + " flag Bool, lc LowCardinality(String), d32 Date32,"
                        + " nlc LowCardinality(Nullable(String))) ENGINE = MergeTree ORDER BY id");
        engine.execute(
                "INSERT INTO modern VALUES (1, '1969-12-31 23:59:59.999', {'a': 1, 'ü': -7},"
                        + " true, 'red', '1900-01-01', NULL), (2, '2299-12-31 00:00:00.001', {},"
                        + " false, '', '2299-12-31', 'x')");
        RowType row =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("id", DataTypes.INT()),
                                        DataTypes.FIELD("t", DataTypes.TIMESTAMP_LTZ(3)),
                                        DataTypes.FIELD(
                                                "m",
                                                DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())),
                                        DataTypes.FIELD("flag", DataTypes.BOOLEAN()),
                                        DataTypes.FIELD("lc", DataTypes.STRING()),
                                        DataTypes.FIELD("d32", DataTypes.DATE()),
                                        DataTypes.FIELD("nlc", DataTypes.STRING()))
                                .getLogicalType();
        ClickHouseReadMapping read =
                ClickHouseReadMapping.resolve(
                        "'modern' (chdb)",
                        row,
                        ChdbTables.columns(engine, "modern"),
                        ZoneOffset.UTC);
        byte[] bytes =
                engine.queryBytes(
                        "SELECT " + read.selectList() + " FROM modern ORDER BY id", "RowBinary");
        RowBinaryInput in =
                new RowBinaryInput(new BufferedInputStream(new ByteArrayInputStream(bytes)));
        ClickHouseRowReader reader = read.newRowReader();
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(StringData.fromString("a"), 1);
        m.put(StringData.fromString("ü"), -7);
        assertThat(reader.read(in))
                .isEqualTo(
                        GenericRowData.of(
                                1,
                                TimestampData.fromEpochMillis(-1),
                                new GenericMapData(m),
                                true,
                                StringData.fromString("red"),
                                (int) LocalDate.of(1900, 1, 1).toEpochDay(),
                                null));
        assertThat(reader.read(in))
                .isEqualTo(
                        GenericRowData.of(
                                2,
                                TimestampData.fromInstant(
                                        LocalDateTime.of(2299, 12, 31, 0, 0, 0, 1_000_000)
                                                .toInstant(ZoneOffset.UTC)),
                                new GenericMapData(Map.of()),
                                false,
                                StringData.fromString(""),
                                (int) LocalDate.of(2299, 12, 31).toEpochDay(),
                                StringData.fromString("x")));
        assertThat(in.atEnd()).isTrue();
    }

    private static List<RowData> readAll(Client client, ClickHouseReadMapping read, String table)
            throws Exception {
        List<RowData> rows = new ArrayList<>();
        try (QueryResponse response =
                client.query(
                                "SELECT "
                                        + read.selectList()
                                        + " FROM "
                                        + table
                                        + (read.selectList().startsWith("`id`")
                                                ? " ORDER BY id"
                                                : "")
                                        + " FORMAT RowBinary",
                                new QuerySettings().setFormat(ClickHouseFormat.RowBinary))
                        .get(60, TimeUnit.SECONDS)) {
            RowBinaryInput in =
                    new RowBinaryInput(new BufferedInputStream(response.getInputStream()));
            ClickHouseRowReader reader = read.newRowReader();
            while (!in.atEnd()) {
                rows.add(reader.read(in));
            }
        }
        return rows;
    }
}
