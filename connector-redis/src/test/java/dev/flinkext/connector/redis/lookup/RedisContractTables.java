package dev.flinkext.connector.redis.lookup;

import dev.flinkext.connector.redis.config.RedisConnectionOptionsResolver;
import dev.flinkext.connector.redis.config.RedisScanOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.config.RedisTableMappingResolver;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder;
import dev.flinkext.connector.redis.source.RedisKeyScanner;
import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.lookup.contract.ContractTable;
import dev.flinkext.lookup.full.FullCacheLoader;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonRowDataDeserializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import redis.clients.jedis.Jedis;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lookup contracts' {@link ContractTable} as a Redis table, and the one place the contract
 * tests build Redis readers and loaders: from the table's SQL options (the surface users see), the
 * way {@code RedisDynamicTableSource} builds them. A change to how the connector builds its reader
 * or loader changes {@link #reader} and {@link #loader} only.
 *
 * <p>{@link #write} stores rows with plain Redis commands, not with the connector's sink, so a read
 * checks the connector against what Redis holds.
 */
final class RedisContractTables {

    static final String TABLE = "contract";
    static final String PREFIX = "ct:";

    private final Map<String, String> options;
    private final boolean hash;

    private RedisContractTables(Map<String, String> options, boolean hash) {
        this.options = options;
        this.hash = hash;
    }

    /** {@code 'data-type' = 'STRING', 'value.format' = 'json'}: the row as a JSON object. */
    static RedisContractTables stringJson() {
        return new RedisContractTables(
                Map.of("data-type", "STRING", "key-prefix", PREFIX, "value.format", "json"), false);
    }

    /** {@code 'data-type' = 'HASH'}: one hash field per value column. */
    static RedisContractTables hash() {
        return new RedisContractTables(Map.of("data-type", "HASH", "key-prefix", PREFIX), true);
    }

    private Configuration config(String host, int port) {
        Map<String, String> all = new HashMap<>(options);
        all.put("host", host);
        all.put("port", Integer.toString(port));
        return Configuration.fromMap(all);
    }

    private RedisTableMapping mapping(Configuration config) {
        return RedisTableMappingResolver.resolve(
                ContractTable.COLUMN_NAMES,
                ContractTable.COLUMN_TYPES,
                Arrays.stream(ContractTable.PRIMARY_KEY)
                        .mapToObj(ContractTable.COLUMN_NAMES::get)
                        .toList(),
                config,
                options.containsKey("value.format"));
    }

    private RedisRowDecoder decoder(RedisTableMapping mapping, @Nullable int[] projection) {
        DeserializationSchema<RowData> format = null;
        if (mapping.usesValueFormat()) {
            RowType formatted = ContractTable.projectedType(mapping.valueFormatPositions());
            // fails if the reader shares one deserializer between its read threads
            format =
                    new ThreadConfinedDeserializer(
                            new JsonRowDataDeserializationSchema(
                                    formatted,
                                    InternalTypeInfo.of(formatted),
                                    false,
                                    false,
                                    TimestampFormat.SQL));
        }
        RedisRowDecoder decoder = RedisRowDecoder.of(mapping, format);
        return projection == null ? decoder : decoder.withProjection(projection);
    }

    /**
     * The lookup reader of a lookup by {@code keyColumns} (physical), producing {@code projection}.
     */
    MultiKeyReader reader(String host, int port, int[] keyColumns, @Nullable int[] projection) {
        Configuration config = config(host, port);
        RedisTableMapping mapping = mapping(config);
        int[][] keys = Arrays.stream(keyColumns).mapToObj(c -> new int[] {c}).toArray(int[][]::new);
        return new RedisMultiKeyReader(
                TABLE,
                RedisConnectionOptionsResolver.resolve(config),
                decoder(mapping, projection),
                RedisLookupKeys.of(TABLE, mapping, keys),
                2);
    }

    /** The FULL cache loader producing {@code projection}. */
    FullCacheLoader loader(String host, int port, @Nullable int[] projection) {
        Configuration config = config(host, port);
        RedisScanOptions scan = RedisScanOptions.fromConfig(config);
        return new RedisFullCacheLoader(
                RedisConnectionOptionsResolver.resolve(config),
                new RedisKeyScanner(
                        decoder(mapping(config), projection), scan.match(), scan.count()));
    }

    /** Stores each row (replacing what its key held) with plain SET / DEL + HSET. */
    void write(Jedis jedis, List<? extends RowData> rows) {
        for (RowData row : rows) {
            String key =
                    PREFIX + row.getInt(ContractTable.K1) + ":" + row.getString(ContractTable.K2);
            String name =
                    row.isNullAt(ContractTable.NAME)
                            ? null
                            : row.getString(ContractTable.NAME).toString();
            String amount =
                    row.isNullAt(ContractTable.AMOUNT)
                            ? null
                            : row.getDecimal(ContractTable.AMOUNT, 10, 2)
                                    .toBigDecimal()
                                    .toPlainString();
            if (hash) {
                Map<String, String> fields = new LinkedHashMap<>();
                if (name != null) {
                    fields.put("name", name);
                }
                if (amount != null) {
                    fields.put("amount", amount);
                }
                jedis.del(key);
                jedis.hset(key, fields);
            } else {
                jedis.set(
                        key,
                        "{\"k1\":"
                                + row.getInt(ContractTable.K1)
                                + ",\"k2\":"
                                + json(row.getString(ContractTable.K2).toString())
                                + ",\"name\":"
                                + (name == null ? "null" : json(name))
                                + ",\"amount\":"
                                + (amount == null ? "null" : amount)
                                + "}");
            }
        }
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
