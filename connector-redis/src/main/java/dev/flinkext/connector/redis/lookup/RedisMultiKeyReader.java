package dev.flinkext.connector.redis.lookup;

import dev.flinkext.connector.redis.client.AskRedirect;
import dev.flinkext.connector.redis.client.RedisClientErrors;
import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.config.RedisMode;
import dev.flinkext.connector.redis.mapping.RedisKeyEncoder;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder.ValueRead;
import dev.flinkext.lookup.batch.BlockingMultiKeyReader;
import dev.flinkext.lookup.format.DecoderContexts;
import dev.flinkext.lookup.format.PerThreadDecoder;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Redis's multi-key read for lookup-core: every {@link #readAll} is one pipeline (one round trip)
 * per node.
 *
 * <ul>
 *   <li>STRING: {@code MGET} of the keys. In cluster mode lookup-core splits batches by {@link
 *       #partitionOf node}, and the keys of one node are sent as one MGET per hash slot, all in one
 *       pipeline: MGET across slots fails with CROSSSLOT even on one node. (Per slot rather than
 *       pipelined GETs so a key of another type reads as a miss in every mode, as MGET answers.)
 *   <li>HASH, one field per column: pipelined {@code HGETALL}; when the lookup produces only some
 *       columns (projection push-down), {@code HMGET} of just the produced fields. HMGET answers
 *       all nulls both for a missing key and for a hash without those fields, so for just those
 *       keys a second round trip asks {@code EXISTS}. A projection of key columns only reads {@code
 *       EXISTS}.
 *   <li>HASH with a field column: {@code HGET key field} when the lookup names the field, else
 *       {@code HGETALL} (one row per field).
 * </ul>
 *
 * Rows are decoded and checked against the key row at physical width, then narrowed to the
 * decoder's projection. Every command follows a cluster {@code ASK} (a slot being migrated): it is
 * sent once more, after {@code ASKING}, to the node the reply names.
 *
 * <p>The blocking jedis calls run on the pool of {@link BlockingMultiKeyReader}. Failures name the
 * node's host:port, and WRONGTYPE names the key.
 */
public final class RedisMultiKeyReader extends BlockingMultiKeyReader {

    private static final long serialVersionUID = 1L;

    private final RedisConnectionOptions connection;
    private final PerThreadDecoder<RedisRowDecoder> decoders;
    private final RedisLookupKeys lookupKeys;

    private transient RedisClientProvider clients;
    private transient RedisKeyEncoder keys;
    private transient RowData.FieldGetter[] getters;
    private transient ValueRead valueRead;
    private transient byte[][] hmgetFields;

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
        super("flinkext-redis-lookup " + tableName, threads);
        this.connection = connection;
        this.decoders = new PerThreadDecoder<>(decoder);
        this.lookupKeys = lookupKeys;
    }

    @Override
    protected void openClient(FunctionContext context) throws Exception {
        // formats' deserializers are not thread-safe: each read thread decodes with its own copy
        decoders.open(context.getUserCodeClassLoader(), d -> d.open(DecoderContexts.of(context)));
        keys = lookupKeys.keyEncoder();
        getters = lookupKeys.getters();
        valueRead = decoders.first().valueRead();
        hmgetFields = valueRead == ValueRead.HMGET ? decoders.first().projectedHashFields() : null;
        clients = RedisClientProvider.create(connection);
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
    protected Map<RowData, Collection<RowData>> readBlocking(List<RowData> keyRows)
            throws IOException {
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
            readNode(node.getKey(), node.getValue(), result);
        }
        return result;
    }

    private void readNode(
            RedisAddress node, List<Lookup> lookups, Map<RowData, Collection<RowData>> result)
            throws IOException {
        try (Pipeline pipeline = clients.pipeline(node)) {
            Round round = new Round(pipeline);
            if (decoder().mapping().dataType() == RedisDataType.STRING) {
                enqueueMget(round, lookups, result);
            } else {
                for (Lookup lookup : lookups) {
                    enqueueHash(round, lookup, result);
                }
            }
            List<Unsure> unsure = round.complete();
            if (!unsure.isEmpty()) {
                confirmExistence(new Round(pipeline), unsure, result);
            }
        } catch (RedisDataError e) {
            refreshIfMoved(e.getCause());
            throw new IOException(e.getMessage().replace("{node}", node.toString()), e.getCause());
        } catch (JedisDataException e) {
            refreshIfMoved(e);
            throw new IOException("Redis lookup on " + node + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException(
                    "Redis lookup on " + node + " failed: " + RedisClientErrors.rootMessage(e), e);
        }
    }

    private void enqueueMget(
            Round round, List<Lookup> lookups, Map<RowData, Collection<RowData>> result) {
        Map<Integer, List<Lookup>> bySlot = new LinkedHashMap<>();
        boolean cluster = connection.mode() == RedisMode.CLUSTER;
        for (Lookup lookup : lookups) {
            int slot = cluster ? JedisClusterCRC16.getSlot(lookup.key) : 0;
            bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(lookup);
        }
        for (List<Lookup> group : bySlot.values()) {
            byte[][] groupKeys = group.stream().map(l -> l.key).toArray(byte[][]::new);
            round.queue(
                    p -> p.mget(groupKeys),
                    null,
                    values -> {
                        for (int i = 0; i < group.size(); i++) {
                            Lookup lookup = group.get(i);
                            byte[] value = values.get(i);
                            if (value != null) {
                                add(
                                        result,
                                        lookup,
                                        valueRead == ValueRead.NONE
                                                ? decoder().emptyRow()
                                                : decoder().decodeString(lookup.key, value));
                            }
                        }
                    });
        }
    }

    private void enqueueHash(Round round, Lookup lookup, Map<RowData, Collection<RowData>> result) {
        if (decoder().hasFieldColumn()) {
            enqueueFieldColumnHash(round, lookup, result);
            return;
        }
        switch (valueRead) {
            case NONE -> // only key columns produced: the key's existence is the row
                    round.queue(
                            p -> p.exists(lookup.key),
                            lookup,
                            exists -> {
                                if (exists) {
                                    add(result, lookup, decoder().emptyRow());
                                }
                            });
            case HMGET ->
                    round.queue(
                            p -> p.hmget(lookup.key, hmgetFields),
                            lookup,
                            values -> {
                                GenericRowData row = decoder().decodeHashValues(lookup.key, values);
                                if (values.stream().allMatch(Objects::isNull)) {
                                    round.unsure(
                                            new Unsure(
                                                    lookup, row)); // no key, or none of the fields
                                } else {
                                    add(result, lookup, row);
                                }
                            });
            default ->
                    round.queue(
                            p -> p.hgetAll(lookup.key),
                            lookup,
                            fields ->
                                    add(result, lookup, decoder().decodeHash(lookup.key, fields)));
        }
    }

    private void enqueueFieldColumnHash(
            Round round, Lookup lookup, Map<RowData, Collection<RowData>> result) {
        if (lookupKeys.fieldIndex() >= 0) {
            byte[] field = lookupKeys.fieldEncoder().encode(lookup.keyRow);
            round.queue(
                    p -> p.hget(lookup.key, field),
                    lookup,
                    value -> {
                        if (value != null) {
                            add(
                                    result,
                                    lookup,
                                    decoder().decodeHashField(lookup.key, field, value));
                        }
                    });
            return;
        }
        round.queue(
                p -> p.hgetAll(lookup.key),
                lookup,
                fields -> {
                    for (GenericRowData row : decoder().decodeHashFields(lookup.key, fields)) {
                        add(result, lookup, row);
                    }
                });
    }

    /** The second round trip for HMGET replies of all nulls: the rows of the keys that exist. */
    private void confirmExistence(
            Round round, List<Unsure> unsure, Map<RowData, Collection<RowData>> result) {
        for (Unsure u : unsure) {
            round.queue(
                    p -> p.exists(u.lookup.key),
                    u.lookup,
                    exists -> {
                        if (exists) {
                            add(result, u.lookup, u.row);
                        }
                    });
        }
        round.complete();
    }

    private void add(Map<RowData, Collection<RowData>> result, Lookup lookup, GenericRowData row) {
        if (row != null && lookupKeys.complete(row, lookup.keyRow, getters)) {
            result.computeIfAbsent(lookup.keyRow, k -> new ArrayList<>(1))
                    .add(decoder().project(row));
        }
    }

    /** The calling read thread's decoder. */
    private RedisRowDecoder decoder() {
        return decoders.get();
    }

    /** A slot moved (resharding, failover): re-read the slot map before lookup-core retries. */
    private void refreshIfMoved(Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("MOVED") || message.startsWith("ASK")) {
            clients.refreshTopology();
        }
    }

    @Override
    protected void closeClient() {
        if (clients != null) {
            clients.close();
        }
    }

    /**
     * One round trip on a node's pipeline: commands are queued, then {@link #complete} sends them
     * and hands each reply to its decoder, in order.
     */
    private final class Round {
        private final Pipeline pipeline;
        private final List<Runnable> replyHandlers = new ArrayList<>();
        private final List<Unsure> unsure = new ArrayList<>();

        Round(Pipeline pipeline) {
            this.pipeline = pipeline;
        }

        /**
         * Queues {@code command}; its reply goes to {@code decode}. On ASK the command runs again,
         * after ASKING, on the node named. {@code lookup} names the key in data errors (null: a
         * multi-key command).
         */
        <T> void queue(
                Function<Pipeline, Response<T>> command,
                Lookup lookup,
                java.util.function.Consumer<T> decode) {
            Response<T> reply = command.apply(pipeline);
            replyHandlers.add(() -> decode.accept(replyOf(reply, command, lookup)));
        }

        void unsure(Unsure key) {
            unsure.add(key);
        }

        /** Sends the queued commands and decodes their replies; the keys left unsure. */
        List<Unsure> complete() {
            pipeline.sync();
            for (Runnable decode : replyHandlers) {
                decode.run();
            }
            return unsure;
        }
    }

    private <T> T replyOf(
            Response<T> reply, Function<Pipeline, Response<T>> command, Lookup lookup) {
        try {
            return reply.get();
        } catch (JedisDataException e) {
            Optional<RedisAddress> target = AskRedirect.targetOf(e);
            if (target.isEmpty()) {
                throw RedisDataError.of(e, lookup);
            }
            try (Connection redirected = clients.connection(target.get())) {
                Pipeline asking = new Pipeline(redirected);
                AskRedirect.asking(asking);
                Response<T> again = command.apply(asking);
                asking.sync();
                try {
                    return again.get();
                } catch (JedisDataException retried) {
                    throw RedisDataError.of(retried, lookup);
                }
            }
        }
    }

    /** A data error whose message gets the node filled in; WRONGTYPE and the like name the key. */
    private static final class RedisDataError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private RedisDataError(String message, Throwable cause) {
            super(message, cause);
        }

        static RedisDataError of(JedisDataException e, Lookup lookup) {
            return new RedisDataError(
                    "Redis lookup on {node} failed"
                            + (lookup == null ? "" : " for key '" + lookup.keyText() + "'")
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** One key of a batch: the lookup's key row and its Redis key. */
    private record Lookup(RowData keyRow, byte[] key) {
        String keyText() {
            return new String(key, StandardCharsets.UTF_8);
        }
    }

    /** A key whose HMGET answered only nulls, and the row it makes if the key exists. */
    private record Unsure(Lookup lookup, GenericRowData row) {}
}
