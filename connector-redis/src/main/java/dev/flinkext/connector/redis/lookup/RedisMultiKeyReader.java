package dev.flinkext.connector.redis.lookup;

import dev.flinkext.common.concurrent.DaemonThreadFactory;
import dev.flinkext.connector.redis.client.AskRedirect;
import dev.flinkext.connector.redis.client.RedisClientErrors;
import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.config.RedisMode;
import dev.flinkext.connector.redis.mapping.RedisKeyEncoder;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder;
import dev.flinkext.lookup.batch.MultiKeyReader;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Redis's multi-key read for lookup-core: every {@link #readAll} is one pipeline (one round trip)
 * per node.
 *
 * <ul>
 *   <li>STRING: {@code MGET} of the keys. In cluster mode lookup-core splits batches by {@link
 *       #partitionOf node}, and the keys of one node are sent as one MGET per hash slot, all in one
 *       pipeline: MGET across slots fails with CROSSSLOT even on one node. (Per slot rather than
 *       pipelined GETs so a key of another type reads as a miss in every mode, as MGET answers.)
 *   <li>HASH, one field per column: pipelined {@code HGETALL}.
 *   <li>HASH with a field column: {@code HGET key field} when the lookup names the field, else
 *       {@code HGETALL} (one row per field).
 * </ul>
 *
 * Rows are decoded and checked against the key row at physical width, then narrowed to the
 * decoder's projection (a projected lookup source still reads whole values: HGETALL tells a missing
 * key from a hash without the projected fields, HMGET would not).
 *
 * <p>The blocking jedis calls run on a small executor owned by the reader, so {@code readAll} never
 * blocks the caller. Failures name the node's host:port, and WRONGTYPE names the key.
 */
public final class RedisMultiKeyReader implements MultiKeyReader {

    private static final long serialVersionUID = 1L;

    private final String tableName;
    private final RedisConnectionOptions connection;
    private final RedisRowDecoder decoder;
    private final RedisLookupKeys lookupKeys;
    private final int threads;

    private transient RedisClientProvider clients;
    private transient ExecutorService executor;
    private transient RedisKeyEncoder keys;
    private transient RowData.FieldGetter[] getters;

    /**
     * @param tableName names the table in thread names
     * @param connection where Redis is
     * @param decoder the table's row decoder (STRING or HASH)
     * @param lookupKeys the layout of the lookup key rows
     * @param threads threads running the blocking reads (at least 1)
     */
    public RedisMultiKeyReader(
            String tableName,
            RedisConnectionOptions connection,
            RedisRowDecoder decoder,
            RedisLookupKeys lookupKeys,
            int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.tableName = tableName;
        this.connection = connection;
        this.decoder = decoder;
        this.lookupKeys = lookupKeys;
        this.threads = threads;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        decoder.open(DecoderContexts.of(context));
        keys = lookupKeys.keyEncoder();
        getters = lookupKeys.getters();
        clients = RedisClientProvider.create(connection);
        executor =
                Executors.newFixedThreadPool(
                        threads, DaemonThreadFactory.named("flinkext-redis-lookup " + tableName));
    }

    @Override
    public Object partitionOf(RowData key) {
        if (connection.mode() != RedisMode.CLUSTER) {
            return SinglePartition.INSTANCE;
        }
        if (lookupKeys.hasNullKey(key)) {
            return SinglePartition.INSTANCE;
        }
        return clients.nodeOf(keys.encode(key));
    }

    @Override
    public CompletableFuture<Map<RowData, Collection<RowData>>> readAll(List<RowData> keyRows) {
        try {
            return CompletableFuture.supplyAsync(() -> read(keyRows), executor);
        } catch (RuntimeException e) { // executor shut down
            return CompletableFuture.failedFuture(e);
        }
    }

    private Map<RowData, Collection<RowData>> read(List<RowData> keyRows) {
        // group by node: lookup-core already does in cluster mode; this keeps direct callers safe
        Map<RedisAddress, List<Lookup>> byNode = new LinkedHashMap<>();
        // a key given twice is read once: its rows would otherwise be added to its entry twice
        for (RowData keyRow : new LinkedHashSet<>(keyRows)) {
            if (lookupKeys.hasNullKey(keyRow)) {
                continue; // Redis has no null key: a miss
            }
            byte[] key = keys.encode(keyRow);
            byNode.computeIfAbsent(clients.nodeOf(key), n -> new ArrayList<>())
                    .add(new Lookup(keyRow, key));
        }
        Map<RowData, Collection<RowData>> result = new HashMap<>();
        for (Map.Entry<RedisAddress, List<Lookup>> node : byNode.entrySet()) {
            try {
                readNode(node.getKey(), node.getValue(), result);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }
        return result;
    }

    private void readNode(
            RedisAddress node, List<Lookup> lookups, Map<RowData, Collection<RowData>> result)
            throws IOException {
        try (Pipeline pipeline = clients.pipeline(node)) {
            List<Runnable> decoders = new ArrayList<>(lookups.size());
            if (decoder.mapping().dataType() == RedisDataType.STRING) {
                enqueueMget(pipeline, lookups, decoders, result);
            } else {
                for (Lookup lookup : lookups) {
                    enqueueHash(pipeline, lookup, decoders, result);
                }
            }
            pipeline.sync();
            for (Runnable decode : decoders) {
                decode.run();
            }
        } catch (JedisDataException e) {
            refreshIfMoved(e);
            throw new IOException("Redis lookup on " + node + " failed: " + e.getMessage(), e);
        } catch (RedisDataError e) {
            refreshIfMoved(e.getCause());
            throw new IOException(e.getMessage().replace("{node}", node.toString()), e.getCause());
        } catch (RuntimeException e) {
            throw new IOException(
                    "Redis lookup on " + node + " failed: " + RedisClientErrors.rootMessage(e), e);
        }
    }

    private void enqueueMget(
            Pipeline pipeline,
            List<Lookup> lookups,
            List<Runnable> decoders,
            Map<RowData, Collection<RowData>> result) {
        Map<Integer, List<Lookup>> bySlot = new LinkedHashMap<>();
        boolean cluster = connection.mode() == RedisMode.CLUSTER;
        for (Lookup lookup : lookups) {
            int slot = cluster ? JedisClusterCRC16.getSlot(lookup.key) : 0;
            bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(lookup);
        }
        for (List<Lookup> group : bySlot.values()) {
            byte[][] groupKeys = group.stream().map(l -> l.key).toArray(byte[][]::new);
            Response<List<byte[]>> reply = pipeline.mget(groupKeys);
            decoders.add(
                    () -> {
                        List<byte[]> values = mgetValues(reply, groupKeys);
                        for (int i = 0; i < group.size(); i++) {
                            Lookup lookup = group.get(i);
                            byte[] value = values.get(i);
                            if (value != null) {
                                add(result, lookup, decoder.decodeString(lookup.key, value));
                            }
                        }
                    });
        }
    }

    private void enqueueHash(
            Pipeline pipeline,
            Lookup lookup,
            List<Runnable> decoders,
            Map<RowData, Collection<RowData>> result) {
        if (!decoder.hasFieldColumn()) {
            Response<Map<byte[], byte[]>> reply = pipeline.hgetAll(lookup.key);
            decoders.add(
                    () -> add(result, lookup, decoder.decodeHash(lookup.key, get(reply, lookup))));
            return;
        }
        int fieldIndex = lookupKeys.fieldIndex();
        if (fieldIndex >= 0) {
            byte[] field = lookupKeys.fieldEncoder().encode(lookup.keyRow);
            Response<byte[]> reply = pipeline.hget(lookup.key, field);
            decoders.add(
                    () -> {
                        byte[] value = get(reply, lookup);
                        if (value != null) {
                            add(result, lookup, decoder.decodeHashField(lookup.key, field, value));
                        }
                    });
            return;
        }
        Response<Map<byte[], byte[]>> reply = pipeline.hgetAll(lookup.key);
        decoders.add(
                () -> {
                    for (GenericRowData row :
                            decoder.decodeHashFields(lookup.key, get(reply, lookup))) {
                        add(result, lookup, row);
                    }
                });
    }

    /**
     * The MGET's values; on ASK (the slot is migrating and the keys have left this node) the MGET
     * again on the node named, after ASKING: a topology refresh cannot help until the move ends.
     */
    private List<byte[]> mgetValues(Response<List<byte[]>> reply, byte[][] groupKeys) {
        try {
            return reply.get();
        } catch (JedisDataException e) {
            Optional<RedisAddress> target = AskRedirect.targetOf(e);
            if (target.isEmpty()) {
                return get(reply, null); // the usual data error
            }
            try (Connection connection = clients.connection(target.get())) {
                Pipeline asking = new Pipeline(connection);
                AskRedirect.asking(asking);
                Response<List<byte[]>> again = asking.mget(groupKeys);
                asking.sync();
                return get(again, null);
            }
        }
    }

    private void add(Map<RowData, Collection<RowData>> result, Lookup lookup, GenericRowData row) {
        if (row != null && lookupKeys.complete(row, lookup.keyRow, getters)) {
            result.computeIfAbsent(lookup.keyRow, k -> new ArrayList<>(1))
                    .add(decoder.project(row));
        }
    }

    /** A slot moved (resharding, failover): re-read the slot map before lookup-core retries. */
    private void refreshIfMoved(Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("MOVED") || message.startsWith("ASK")) {
            clients.refreshTopology();
        }
    }

    /** The reply; a data error (WRONGTYPE, ...) names the key. */
    private static <T> T get(Response<T> reply, Lookup lookup) {
        try {
            return reply.get();
        } catch (JedisDataException e) {
            throw new RedisDataError(
                    "Redis lookup on {node} failed"
                            + (lookup == null ? "" : " for key '" + lookup.keyText() + "'")
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() throws Exception {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (clients != null) {
            clients.close();
        }
    }

    /** A data error whose message gets the node filled in. */
    private static final class RedisDataError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedisDataError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One key of a batch: the lookup's key row and its Redis key. */
    private static final class Lookup {
        final RowData keyRow;
        final byte[] key;

        Lookup(RowData keyRow, byte[] key) {
            this.keyRow = keyRow;
            this.key = key;
        }

        String keyText() {
            return new String(key, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
