package dev.flinkext.connector.redis.source;

import dev.flinkext.connector.redis.client.RedisClientErrors;
import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.mapping.RedisKeyDecoder;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder.ValueRead;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a STRING or HASH table from one node, a page at a time: {@code SCAN cursor MATCH pattern
 * COUNT n TYPE string|hash}, then the page's values in one pipeline ({@code GET} or {@code HGETALL}
 * per key), decoded into rows whose key columns are parsed from the keys. Shared by the FULL lookup
 * cache and the scan source.
 *
 * <p>In Redis Cluster it can also read just some hash slots of a master ({@link #readSlots}, the
 * FULL cache's share of a partitioned lookup join): {@code CLUSTER GETKEYSINSLOT} per slot
 * (pipelined over {@value #SLOTS_PER_ROUND} slots a round trip), the keys matching the pattern
 * ({@link RedisGlob}, client-side as SCAN would match), then their values: one {@code MGET} per
 * slot for STRING tables (a single slot, so the cluster accepts it), the same {@code HGETALL} /
 * {@code HMGET} as after SCAN for HASH tables. GETKEYSINSLOT does not filter by type as SCAN's
 * {@code TYPE} does, so keys of the other type are skipped by their reply: nil in MGET, {@code
 * WRONGTYPE} for the hash commands, {@code TYPE} when no value is read.
 *
 * <p>A projected decoder ({@link RedisRowDecoder#withProjection}) reads less: {@code HMGET} of the
 * projected fields instead of {@code HGETALL} (plus {@code EXISTS} for the keys whose fields all
 * came back null, to skip keys deleted since SCAN), and no value at all when only key columns are
 * produced.
 *
 * <p>Keys of another type that match the pattern are skipped by Redis ({@code TYPE}); a key that
 * vanishes between SCAN and GET is skipped too. A key that matches but does not parse as the
 * table's key (wrong prefix, wrong number of parts, a value of the wrong type) fails the read,
 * naming the key. SCAN returns a key present during the whole iteration at least once; a key can
 * come twice if the node rehashes meanwhile, as Redis documents. A slot read returns every key the
 * slot holds when it is listed, once.
 */
public final class RedisKeyScanner implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The cursor of a scan's start, and of its end. */
    public static final String START = ScanParams.SCAN_POINTER_START;

    /** Hash slots whose keys {@link #readSlots} lists in one round trip. */
    static final int SLOTS_PER_ROUND = 128;

    private final RedisRowDecoder decoder;
    private final String match;
    private final int count;
    private final RedisGlob glob;

    private transient RedisKeyDecoder keyDecoder;

    /**
     * @param decoder the table's rows
     * @param match the SCAN MATCH pattern
     * @param count the SCAN COUNT hint (keys examined per page)
     */
    public RedisKeyScanner(RedisRowDecoder decoder, String match, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("SCAN COUNT must be at least 1, got " + count);
        }
        this.decoder = decoder;
        this.match = match;
        this.count = count;
        this.glob = RedisGlob.of(match);
    }

    /** Opens the decoder; once before the first page. */
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        decoder.open(context);
        keyDecoder = new RedisKeyDecoder(decoder.mapping());
    }

    public String match() {
        return match;
    }

    /** One page of a scan: its rows and the cursor to continue from ({@link #START} at the end). */
    public record Page(List<RowData> rows, String nextCursor) {
        public boolean isLast() {
            return START.equals(nextCursor);
        }
    }

    /**
     * Reads the page at {@code cursor} on {@code node}.
     *
     * @throws IOException naming the node (and the key, for data errors)
     */
    public Page readPage(RedisClientProvider clients, RedisAddress node, String cursor)
            throws IOException {
        boolean hash = decoder.mapping().dataType() == RedisDataType.HASH;
        try (Pipeline pipeline = clients.pipeline(node)) {
            Response<ScanResult<byte[]>> scan =
                    pipeline.scan(
                            cursor.getBytes(StandardCharsets.UTF_8),
                            new ScanParams().match(match).count(count),
                            (hash ? "hash" : "string").getBytes(StandardCharsets.UTF_8));
            pipeline.sync();
            ScanResult<byte[]> keys = scan.get();
            List<byte[]> found = keys.getResult();
            List<RowData> rows = new ArrayList<>(found.size());
            if (!found.isEmpty()) {
                fetchAndDecode(pipeline, List.of(found), true, rows);
            }
            return new Page(rows, keys.getCursor());
        } catch (RuntimeException e) {
            throw new IOException(
                    "Redis scan of '"
                            + match
                            + "' on "
                            + node
                            + " failed: "
                            + RedisClientErrors.rootMessage(e),
                    e);
        }
    }

    /**
     * Fetches what the decoder needs of the values of {@code groups}' keys and decodes them, in key
     * order. {@code typed}: the keys are of the table's type (SCAN TYPE), else keys of the other
     * type are skipped by their replies, and each group's keys are of one hash slot (one MGET).
     */
    @SuppressWarnings("unchecked")
    private void fetchAndDecode(
            Pipeline pipeline, List<List<byte[]>> groups, boolean typed, List<RowData> rows) {
        ValueRead read = decoder.valueRead();
        List<byte[]> found = new ArrayList<>();
        groups.forEach(found::addAll);
        if (read == ValueRead.NONE) { // the keys hold every produced column
            List<Response<String>> types = new ArrayList<>();
            if (!typed) {
                found.forEach(key -> types.add(pipeline.type(key)));
                pipeline.sync();
            }
            String type = decoder.mapping().dataType() == RedisDataType.HASH ? "hash" : "string";
            for (int i = 0; i < found.size(); i++) {
                if (typed || type.equals(types.get(i).get())) {
                    add(found.get(i), decoder.emptyRow(), rows);
                }
            }
            return;
        }
        if (read == ValueRead.GET && !typed) {
            // one MGET per slot: nil for a key gone since it was listed and for a non-string key
            List<Response<List<byte[]>>> values = new ArrayList<>(groups.size());
            groups.forEach(group -> values.add(pipeline.mget(group.toArray(new byte[0][]))));
            pipeline.sync();
            for (int g = 0; g < groups.size(); g++) {
                List<byte[]> group = groups.get(g);
                List<byte[]> reply = values.get(g).get();
                for (int i = 0; i < group.size(); i++) {
                    decode(group.get(i), reply.get(i), rows);
                }
            }
            return;
        }
        byte[][] fields = read == ValueRead.HMGET ? decoder.projectedHashFields() : null;
        List<Response<?>> values = new ArrayList<>(found.size());
        for (byte[] key : found) {
            values.add(
                    switch (read) {
                        case GET -> pipeline.get(key);
                        case HGETALL -> pipeline.hgetAll(key);
                        case HMGET -> pipeline.hmget(key, fields);
                        case NONE -> throw new IllegalStateException();
                    });
        }
        pipeline.sync();
        if (read != ValueRead.HMGET) {
            for (int i = 0; i < found.size(); i++) {
                Object value = typed ? values.get(i).get() : valueOfType(values.get(i));
                decode(found.get(i), value, rows);
            }
            return;
        }
        // HMGET answers all nulls both for a key deleted since SCAN and for a hash that lacks the
        // projected fields; HGETALL would tell them apart, so ask EXISTS for just those keys
        List<List<byte[]>> replies = new ArrayList<>(found.size());
        Map<Integer, Response<Boolean>> exists = new HashMap<>();
        for (int i = 0; i < found.size(); i++) {
            List<byte[]> reply =
                    (List<byte[]>) (typed ? values.get(i).get() : valueOfType(values.get(i)));
            replies.add(reply);
            if (reply != null && reply.stream().allMatch(Objects::isNull)) {
                exists.put(i, pipeline.exists(found.get(i)));
            }
        }
        if (!exists.isEmpty()) {
            pipeline.sync();
        }
        for (int i = 0; i < found.size(); i++) {
            Response<Boolean> present = exists.get(i);
            if (replies.get(i) != null && (present == null || present.get())) {
                add(found.get(i), decoder.decodeHashValues(found.get(i), replies.get(i)), rows);
            }
        }
    }

    /** The reply, or null for a key of another type ({@code WRONGTYPE}), as SCAN TYPE skips it. */
    private static Object valueOfType(Response<?> response) {
        try {
            return response.get();
        } catch (JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("WRONGTYPE")) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Reads the keys of the hash slots {@code [firstSlot, endSlot)} on {@code node}, which must be
     * the master serving them (a node that does not serve a slot lists no key of it), handing each
     * row to {@code out}. Cluster mode only.
     *
     * @throws IOException naming the node and the slots (and the key, for data errors)
     */
    public void readSlots(
            RedisClientProvider clients, RedisAddress node, int firstSlot, int endSlot, RowSink out)
            throws IOException, InterruptedException {
        for (int from = firstSlot; from < endSlot; from += SLOTS_PER_ROUND) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("Redis slot read on " + node + " interrupted");
            }
            int to = Math.min(endSlot, from + SLOTS_PER_ROUND);
            List<RowData> rows = new ArrayList<>();
            try (Pipeline pipeline = clients.pipeline(node)) {
                List<List<byte[]>> groups = new ArrayList<>();
                int keys = 0;
                for (List<byte[]> slotKeys : keysInSlots(pipeline, from, to)) {
                    List<byte[]> matching = new ArrayList<>();
                    for (byte[] key : slotKeys) {
                        if (glob.matches(key)) {
                            matching.add(key);
                        }
                    }
                    // at most about `count` keys' values per round trip, as a SCAN page
                    for (int start = 0; start < matching.size(); start += count) {
                        List<byte[]> group =
                                matching.subList(start, Math.min(matching.size(), start + count));
                        groups.add(group);
                        keys += group.size();
                        if (keys >= count) {
                            fetchAndDecode(pipeline, groups, false, rows);
                            groups.clear();
                            keys = 0;
                        }
                    }
                }
                if (!groups.isEmpty()) {
                    fetchAndDecode(pipeline, groups, false, rows);
                }
            } catch (RuntimeException e) {
                throw new IOException(
                        "Redis read of '"
                                + match
                                + "' in hash slots "
                                + from
                                + "-"
                                + (to - 1)
                                + " on "
                                + node
                                + " failed: "
                                + RedisClientErrors.rootMessage(e),
                        e);
            }
            for (RowData row : rows) {
                out.accept(row);
            }
        }
    }

    /**
     * Every key of each slot of {@code [from, to)} ({@code CLUSTER GETKEYSINSLOT slot count},
     * pipelined). A slot that fills the reply may hold more: it is listed again, asking for more
     * than {@code CLUSTER COUNTKEYSINSLOT} says it holds, until the reply falls short.
     */
    @SuppressWarnings("unchecked")
    private List<List<byte[]>> keysInSlots(Pipeline pipeline, int from, int to) {
        List<Response<Object>> replies = new ArrayList<>(to - from);
        for (int slot = from; slot < to; slot++) {
            replies.add(getKeysInSlot(pipeline, slot, count));
        }
        pipeline.sync();
        List<List<byte[]>> keys = new ArrayList<>(to - from);
        for (int slot = from; slot < to; slot++) {
            List<byte[]> slotKeys = (List<byte[]>) replies.get(slot - from).get();
            long asked = count;
            while (slotKeys.size() >= asked) {
                Response<Object> held =
                        pipeline.sendCommand(
                                Protocol.Command.CLUSTER,
                                Protocol.ClusterKeyword.COUNTKEYSINSLOT.getRaw(),
                                Protocol.toByteArray(slot));
                pipeline.sync();
                long n = (Long) held.get();
                asked = Math.max(asked * 2, n + n / 8 + 16);
                Response<Object> all = getKeysInSlot(pipeline, slot, asked);
                pipeline.sync();
                slotKeys = (List<byte[]>) all.get();
            }
            keys.add(slotKeys);
        }
        return keys;
    }

    private static Response<Object> getKeysInSlot(Pipeline pipeline, int slot, long count) {
        return pipeline.sendCommand(
                Protocol.Command.CLUSTER,
                Protocol.ClusterKeyword.GETKEYSINSLOT.getRaw(),
                Protocol.toByteArray(slot),
                Protocol.toByteArray(count));
    }

    /** Reads every page on {@code node}, handing each row to {@code out}. */
    public void readAll(RedisClientProvider clients, RedisAddress node, RowSink out)
            throws IOException, InterruptedException {
        String cursor = START;
        do {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("Redis scan on " + node + " interrupted");
            }
            Page page = readPage(clients, node, cursor);
            for (RowData row : page.rows()) {
                out.accept(row);
            }
            cursor = page.nextCursor();
        } while (!START.equals(cursor));
    }

    /** Receives scanned rows. */
    @FunctionalInterface
    public interface RowSink {
        void accept(RowData row);
    }

    @SuppressWarnings("unchecked")
    private void decode(byte[] key, Object value, List<RowData> rows) {
        if (value == null) {
            return; // gone since SCAN
        }
        if (decoder.mapping().dataType() == RedisDataType.STRING) {
            add(key, decoder.decodeString(key, (byte[]) value), rows);
        } else if (decoder.hasFieldColumn()) {
            for (GenericRowData row : decoder.decodeHashFields(key, (Map<byte[], byte[]>) value)) {
                add(key, row, rows);
            }
        } else {
            add(key, decoder.decodeHash(key, (Map<byte[], byte[]>) value), rows);
        }
    }

    private void add(byte[] key, GenericRowData row, List<RowData> rows) {
        if (row != null) {
            keyDecoder.decodeInto(key, row);
            rows.add(decoder.project(row));
        }
    }
}
