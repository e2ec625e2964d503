package dev.flinkext.connector.redis.mapping;

import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisConnectorOptions;
import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.config.RedisTableMappingResolver;
import dev.flinkext.connector.redis.lookup.RedisLookupKeys;
import dev.flinkext.connector.redis.lookup.RedisMultiKeyReader;
import dev.flinkext.connector.redis.sink.RedisCommand;
import dev.flinkext.connector.redis.sink.RedisCommandMapper;
import dev.flinkext.connector.redis.sink.RedisCommandMappers;
import dev.flinkext.connector.redis.source.RedisKeyScanner;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rows written by the sink's command mappers read back equal through the lookup reader (key from
 * the lookup key) and the scanner (key parsed from the scanned key), for every type with a text
 * form, nulls included.
 */
class RedisRowRoundTripTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    private static final List<String> NAMES =
            List.of(
                    "k1", "k2", "b", "ti", "si", "i", "bi", "f", "d", "dec", "dt", "tm", "ts",
                    "ts9", "ltz", "ch", "vc", "bin", "vbin");
    private static final List<LogicalType> TYPES =
            List.of(
                    DataTypes.INT().notNull().getLogicalType(),
                    DataTypes.STRING().notNull().getLogicalType(),
                    DataTypes.BOOLEAN().getLogicalType(),
                    DataTypes.TINYINT().getLogicalType(),
                    DataTypes.SMALLINT().getLogicalType(),
                    DataTypes.INT().getLogicalType(),
                    DataTypes.BIGINT().getLogicalType(),
                    DataTypes.FLOAT().getLogicalType(),
                    DataTypes.DOUBLE().getLogicalType(),
                    DataTypes.DECIMAL(10, 2).getLogicalType(),
                    DataTypes.DATE().getLogicalType(),
                    DataTypes.TIME(3).getLogicalType(),
                    DataTypes.TIMESTAMP(3).getLogicalType(),
                    DataTypes.TIMESTAMP(9).getLogicalType(),
                    DataTypes.TIMESTAMP_LTZ(3).getLogicalType(),
                    DataTypes.CHAR(3).getLogicalType(),
                    DataTypes.STRING().getLogicalType(),
                    DataTypes.BINARY(2).getLogicalType(),
                    DataTypes.BYTES().getLogicalType());

    private RedisClientProvider clients;

    @BeforeEach
    void clean() {
        REDIS.server().flushAll();
    }

    /** Every non-key value, set. */
    private static GenericRowData full(int k1, String k2) {
        return GenericRowData.of(
                k1,
                StringData.fromString(k2),
                true,
                (byte) -7,
                (short) 32000,
                Integer.MIN_VALUE,
                Long.MAX_VALUE,
                1.5e-7f,
                -0.1,
                DecimalData.fromBigDecimal(new BigDecimal("-12345678.90"), 10, 2),
                (int) LocalDate.of(1969, 12, 31).toEpochDay(),
                (int) (LocalTime.of(23, 59, 58, 123_000_000).toNanoOfDay() / 1_000_000),
                TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 1, 31, 12, 30, 0)),
                TimestampData.fromLocalDateTime(LocalDateTime.of(1900, 2, 28, 1, 2, 3, 123456789)),
                TimestampData.fromInstant(Instant.parse("2024-01-31T11:30:05.123Z")),
                StringData.fromString("é€x"),
                StringData.fromString("ünïcode 🚀, with: separators"),
                new byte[] {0, (byte) 0xff},
                new byte[] {1, 2, 3, (byte) 0x80});
    }

    /** Half of the values null (the others extreme or empty). */
    private static GenericRowData withNulls(int k1, String k2) {
        GenericRowData row = full(k1, k2);
        for (int i = 2; i < NAMES.size(); i += 2) {
            row.setField(i, null);
        }
        row.setField(3, (byte) 0);
        row.setField(7, Float.NaN);
        row.setField(16, StringData.fromString(""));
        row.setField(18, new byte[0]);
        return row;
    }

    private static RedisTableMapping mapping(
            RedisDataType type,
            List<String> names,
            List<LogicalType> types,
            List<String> pk,
            Map<String, String> extra) {
        Configuration conf = new Configuration();
        conf.set(RedisConnectorOptions.DATA_TYPE, type);
        conf.set(RedisConnectorOptions.KEY_PREFIX, "rt:");
        extra.forEach(conf::setString);
        return RedisTableMappingResolver.resolve(names, types, pk, conf, false);
    }

    private static void write(RedisTableMapping mapping, List<? extends RowData> rows)
            throws Exception {
        RedisCommandMapper mapper = RedisCommandMappers.forMapping(mapping, null);
        mapper.open(null);
        List<RedisCommand> commands = new ArrayList<>();
        rows.forEach(row -> mapper.map(row, commands::add));
        try (Jedis jedis = REDIS.server().newJedis()) {
            Pipeline pipeline = jedis.pipelined();
            commands.forEach(c -> c.enqueue(pipeline));
            pipeline.sync();
        }
    }

    private static RedisConnectionOptions connection() {
        return RedisConnectionOptions.builder()
                .standalone(REDIS.server().host(), REDIS.server().port())
                .build();
    }

    private static Map<RowData, Collection<RowData>> lookup(
            RedisTableMapping mapping, int[][] keys, List<RowData> keyRows) throws Exception {
        RedisMultiKeyReader reader =
                new RedisMultiKeyReader(
                        "rt",
                        connection(),
                        RedisRowDecoder.of(mapping, null),
                        RedisLookupKeys.of("rt", mapping, keys),
                        2);
        reader.open(new FunctionContext(null, RedisRowRoundTripTest.class.getClassLoader(), null));
        try {
            return reader.readAll(keyRows).get();
        } finally {
            reader.close();
        }
    }

    static List<RowData> scan(RedisTableMapping mapping) throws Exception {
        RedisKeyScanner scanner = new RedisKeyScanner(RedisRowDecoder.of(mapping, null), "rt:*", 3);
        scanner.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup();
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
                    }
                });
        List<RowData> rows = new ArrayList<>();
        try (RedisClientProvider clients = RedisClientProvider.create(connection())) {
            for (RedisAddress node : clients.masters()) {
                scanner.readAll(clients, node, rows::add);
            }
        }
        return rows;
    }

    private static RowData key(int k1, String k2) {
        return GenericRowData.of(k1, StringData.fromString(k2));
    }

    @Test
    void hashOneFieldPerColumnRoundTripsEveryType() throws Exception {
        RedisTableMapping mapping =
                mapping(RedisDataType.HASH, NAMES, TYPES, List.of("k1", "k2"), Map.of());
        List<GenericRowData> rows = List.of(full(1, "a"), withNulls(-2, "b c"));
        write(mapping, rows);

        Map<RowData, Collection<RowData>> found =
                lookup(
                        mapping,
                        new int[][] {{0}, {1}},
                        List.of(key(1, "a"), key(-2, "b c"), key(3, "absent")));
        assertThat(found.get(key(1, "a"))).containsExactly(rows.get(0));
        assertThat(found.get(key(-2, "b c"))).containsExactly(rows.get(1));
        assertThat(found.get(key(3, "absent"))).isNull();
        assertThat(scan(mapping)).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void stringValueColumnRoundTripsEveryType() throws Exception {
        // one STRING table per type: key (k1, k2), value = that column
        for (int column = 2; column < NAMES.size(); column++) {
            REDIS.server().flushAll();
            List<String> names = List.of("k1", "k2", NAMES.get(column));
            List<LogicalType> types = List.of(TYPES.get(0), TYPES.get(1), TYPES.get(column));
            RedisTableMapping mapping =
                    mapping(RedisDataType.STRING, names, types, List.of("k1", "k2"), Map.of());
            int c = column;
            GenericRowData value =
                    GenericRowData.of(7, StringData.fromString("x"), full(0, "").getField(c));
            GenericRowData nullValue = GenericRowData.of(8, StringData.fromString("y"), null);
            write(mapping, List.of(value, nullValue));

            Map<RowData, Collection<RowData>> found =
                    lookup(mapping, new int[][] {{0}, {1}}, List.of(key(7, "x"), key(8, "y")));
            assertThat(found.get(key(7, "x"))).as(NAMES.get(c)).containsExactly(value);
            assertThat(found.get(key(8, "y")))
                    .as("a null value is stored as no key: a miss")
                    .isNull();
            assertThat(scan(mapping)).as(NAMES.get(c)).containsExactly(value);
        }
    }

    @Test
    void hashFieldColumnRoundTripsAsOneRowPerField() throws Exception {
        List<String> names = List.of("k1", "k2", "f", "v");
        List<LogicalType> types = List.of(TYPES.get(0), TYPES.get(1), TYPES.get(9), TYPES.get(12));
        RedisTableMapping mapping =
                mapping(
                        RedisDataType.HASH,
                        names,
                        types,
                        List.of("k1", "k2", "f"),
                        Map.of("key.fields", "k1;k2", "hash.field-column", "f"));
        GenericRowData a =
                GenericRowData.of(
                        1,
                        StringData.fromString("x"),
                        DecimalData.fromBigDecimal(new BigDecimal("1.50"), 10, 2),
                        TimestampData.fromLocalDateTime(LocalDateTime.of(2020, 1, 1, 0, 0, 1)));
        GenericRowData b =
                GenericRowData.of(
                        1,
                        StringData.fromString("x"),
                        DecimalData.fromBigDecimal(new BigDecimal("-2.00"), 10, 2),
                        TimestampData.fromLocalDateTime(LocalDateTime.of(2021, 1, 1, 0, 0)));
        write(mapping, List.of(a, b));

        // lookup by the key only: HGETALL, one row per field
        Map<RowData, Collection<RowData>> byKey =
                lookup(mapping, new int[][] {{0}, {1}}, List.of(key(1, "x")));
        assertThat(byKey.get(key(1, "x"))).containsExactlyInAnyOrder(a, b);
        // lookup by key and field: HGET
        RowData keyAndField =
                GenericRowData.of(
                        1,
                        StringData.fromString("x"),
                        DecimalData.fromBigDecimal(new BigDecimal("-2.00"), 10, 2));
        Map<RowData, Collection<RowData>> byField =
                lookup(mapping, new int[][] {{0}, {1}, {2}}, List.of(keyAndField));
        assertThat(byField.get(keyAndField)).containsExactly(b);
        assertThat(scan(mapping)).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void extraLookupColumnsFilterTheRow() throws Exception {
        List<String> names = List.of("k1", "k2", "v");
        List<LogicalType> types = List.of(TYPES.get(0), TYPES.get(1), TYPES.get(16));
        RedisTableMapping mapping =
                mapping(RedisDataType.HASH, names, types, List.of("k1", "k2"), Map.of());
        GenericRowData row =
                GenericRowData.of(1, StringData.fromString("x"), StringData.fromString("yes"));
        write(mapping, List.of(row));
        RowData match =
                GenericRowData.of(StringData.fromString("yes"), 1, StringData.fromString("x"));
        RowData noMatch =
                GenericRowData.of(StringData.fromString("no"), 1, StringData.fromString("x"));
        Map<RowData, Collection<RowData>> found =
                lookup(mapping, new int[][] {{2}, {0}, {1}}, List.of(match, noMatch));
        assertThat(found.get(match)).containsExactly(row);
        assertThat(found.get(noMatch)).isNull();
    }

    @Test
    void scannedKeysThatDoNotParseFailNamingTheKey() throws Exception {
        RedisTableMapping mapping =
                mapping(
                        RedisDataType.STRING,
                        List.of("k1", "k2", "v"),
                        List.of(TYPES.get(0), TYPES.get(1), TYPES.get(16)),
                        List.of("k1", "k2"),
                        Map.of());
        try (Jedis jedis = REDIS.server().newJedis()) {
            jedis.set("rt:notanint:x", "v");
        }
        assertThatThrownBy(() -> scan(mapping))
                .hasMessageContaining("rt:notanint:x")
                .hasMessageContaining("k1");
        REDIS.server().flushAll();
        try (Jedis jedis = REDIS.server().newJedis()) {
            jedis.set("rt:1:x:extra", "v");
        }
        assertThatThrownBy(() -> scan(mapping))
                .hasMessageContaining("rt:1:x:extra")
                .hasMessageContaining("separator");
    }

    @Test
    void keyDecoderIsTheInverseOfTheEncoder() {
        RedisTableMapping mapping =
                mapping(RedisDataType.HASH, NAMES, TYPES, List.of("k1", "k2"), Map.of());
        RedisKeyEncoder encoder = new RedisKeyEncoder(mapping);
        RedisKeyDecoder decoder = new RedisKeyDecoder(mapping);
        for (RowData row : List.of(full(-5, "é"), full(Integer.MAX_VALUE, ""))) {
            byte[] key = encoder.encode(row);
            GenericRowData decoded = new GenericRowData(NAMES.size());
            decoder.decodeInto(key, decoded);
            assertThat(decoded.getInt(0)).isEqualTo(row.getInt(0));
            assertThat(decoded.getString(1)).isEqualTo(row.getString(1));
        }
        assertThat(new String(encoder.encode(full(1, "a")), StandardCharsets.UTF_8))
                .isEqualTo("rt:1:a");
        assertThat(IntStream.range(0, 1)).isNotEmpty();
    }
}
