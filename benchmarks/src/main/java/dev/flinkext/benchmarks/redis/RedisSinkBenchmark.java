package dev.flinkext.benchmarks.redis;

import dev.flinkext.benchmarks.harness.BenchmarkWriterInitContext;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisConnectorOptions;
import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.config.RedisSinkOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.config.RedisTableMappingResolver;
import dev.flinkext.connector.redis.sink.RedisCommandMappers;
import dev.flinkext.connector.redis.sink.RedisSink;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rows per second written by connector-redis's Sink V2 writer ({@link RedisSink}, mapper from
 * {@link RedisCommandMappers#forMapping}) vs a raw Jedis pipeline writing the same keys and values
 * from one thread, syncing every {@code batch} rows as the sink flushes every {@code
 * sink.buffer-flush.max-rows}.
 *
 * <p>Both start from the same {@link RowData} rows and write the same bytes (checked once before
 * measuring). The writer is driven directly ({@code write} per row, {@code flush} per invocation)
 * so the score is the writer's, not Flink's job start-up. Redis (6.2, embedded-redis) is started by
 * the benchmark on loopback and shares the machine's cores with the client, as it would in a small
 * deployment.
 *
 * <p>Tables: STRING {@code (id BIGINT, v STRING)} → {@code SET user:<id> v}; HASH {@code (id
 * BIGINT, name STRING, city STRING, score INT)} → {@code HSET user:<id> name .. city .. score ..}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisSinkBenchmark {

    /** Rows per benchmark invocation; the score is rows/s. */
    static final int ROWS = 10_000;

    private static final String PREFIX = "user:";

    @Param({"STRING", "HASH"})
    String dataType;

    /** sink.buffer-flush.max-rows, and the reference's pipeline sync interval. */
    @Param({"100", "1000"})
    int batch;

    /** sink.max-in-flight-batches. */
    @Param({"1", "2"})
    int inFlight;

    private RedisServer server;
    private List<RowData> rows;
    private SinkWriter<RowData> writer;
    private Jedis jedis;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = RedisServerExtension.embedded().startUnmanaged();
        rows = rows(RedisDataType.valueOf(dataType));
        RedisSink sink =
                RedisSink.builder()
                        .connection(
                                RedisConnectionOptions.builder()
                                        .standalone(server.host(), server.port())
                                        .build())
                        .options(
                                RedisSinkOptions.builder()
                                        .bufferFlushMaxRows(batch)
                                        .bufferFlushInterval(Duration.ZERO)
                                        .maxInFlightBatches(inFlight)
                                        .build())
                        .mapper(RedisCommandMappers.forMapping(mapping(), null))
                        .build();
        writer = sink.createWriter(new BenchmarkWriterInitContext());
        jedis = server.newJedis();

        // both sides must write the same data, or the ratio means nothing
        ours_write();
        Map<String, Object> written = snapshot();
        server.flushAll();
        reference_write();
        if (!written.equals(snapshot())) {
            throw new IllegalStateException(
                    "The sink and the raw pipeline wrote different data for " + dataType);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (writer != null) {
                writer.close();
            }
            if (jedis != null) {
                jedis.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void ours_write() throws Exception {
        for (RowData row : rows) {
            writer.write(row, BenchmarkWriterInitContext.NO_CONTEXT);
        }
        writer.flush(false);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void reference_write() {
        boolean hash = dataType.equals("HASH");
        Pipeline pipeline = jedis.pipelined();
        int pending = 0;
        for (RowData row : rows) {
            byte[] key = (PREFIX + row.getLong(0)).getBytes(StandardCharsets.UTF_8);
            if (hash) {
                Map<byte[], byte[]> fields = new HashMap<>(4);
                fields.put(NAME, row.getString(1).toBytes());
                fields.put(CITY, row.getString(2).toBytes());
                fields.put(SCORE, Integer.toString(row.getInt(3)).getBytes(StandardCharsets.UTF_8));
                pipeline.hset(key, fields);
            } else {
                pipeline.set(key, row.getString(1).toBytes());
            }
            if (++pending == batch) {
                pipeline.sync();
                pending = 0;
            }
        }
        pipeline.sync();
        pipeline.close();
    }

    private static final byte[] NAME = "name".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CITY = "city".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCORE = "score".getBytes(StandardCharsets.UTF_8);

    private static List<RowData> rows(RedisDataType type) {
        List<RowData> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            long id = 1_000_000L + i;
            rows.add(
                    type == RedisDataType.HASH
                            ? GenericRowData.of(
                                    id,
                                    StringData.fromString("name-" + i),
                                    StringData.fromString(CITIES[i % CITIES.length]),
                                    i % 1000)
                            : GenericRowData.of(
                                    id, StringData.fromString("value-of-row-" + i + "-abcdefgh")));
        }
        return rows;
    }

    private static final String[] CITIES = {"Berlin", "Lisbon", "Osaka", "Quito", "Nairobi"};

    private RedisTableMapping mapping() {
        Configuration options = new Configuration();
        options.set(RedisConnectorOptions.DATA_TYPE, RedisDataType.valueOf(dataType));
        options.set(RedisConnectorOptions.KEY_PREFIX, PREFIX);
        List<String> names;
        List<LogicalType> types;
        if (dataType.equals("HASH")) {
            names = List.of("id", "name", "city", "score");
            types =
                    List.of(
                            new BigIntType(false),
                            new VarCharType(VarCharType.MAX_LENGTH),
                            new VarCharType(VarCharType.MAX_LENGTH),
                            new IntType());
        } else {
            names = List.of("id", "v");
            types = List.of(new BigIntType(false), new VarCharType(VarCharType.MAX_LENGTH));
        }
        return RedisTableMappingResolver.resolve(names, types, List.of("id"), options, false);
    }

    /** Every written key and its value (a hash as a sorted text map). */
    private Map<String, Object> snapshot() {
        Map<String, Object> values = new HashMap<>();
        List<Response<?>> replies = new ArrayList<>(ROWS);
        try (Pipeline pipeline = jedis.pipelined()) {
            for (RowData row : rows) {
                String key = PREFIX + row.getLong(0);
                replies.add(dataType.equals("HASH") ? pipeline.hgetAll(key) : pipeline.get(key));
            }
            pipeline.sync();
        }
        for (int i = 0; i < ROWS; i++) {
            Object value = replies.get(i).get();
            if (value == null || (value instanceof Map && ((Map<?, ?>) value).isEmpty())) {
                throw new IllegalStateException(
                        "Key " + PREFIX + rows.get(i).getLong(0) + " was not written");
            }
            values.put(
                    PREFIX + rows.get(i).getLong(0),
                    value instanceof Map ? new java.util.TreeMap<>((Map<?, ?>) value) : value);
        }
        return values;
    }
}
