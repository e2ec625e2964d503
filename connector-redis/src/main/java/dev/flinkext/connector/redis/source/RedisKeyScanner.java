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
import redis.clients.jedis.Response;
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
 * <p>A projected decoder ({@link RedisRowDecoder#withProjection}) reads less: {@code HMGET} of the
 * projected fields instead of {@code HGETALL} (plus {@code EXISTS} for the keys whose fields all
 * came back null, to skip keys deleted since SCAN), and no value at all when only key columns are
 * produced.
 *
 * <p>Keys of another type that match the pattern are skipped by Redis ({@code TYPE}); a key that
 * vanishes between SCAN and GET is skipped too. A key that matches but does not parse as the
 * table's key (wrong prefix, wrong number of parts, a value of the wrong type) fails the read,
 * naming the key. SCAN returns a key present during the whole iteration at least once; a key can
 * come twice if the node rehashes meanwhile, as Redis documents.
 */
public final class RedisKeyScanner implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The cursor of a scan's start, and of its end. */
    public static final String START = ScanParams.SCAN_POINTER_START;

    private final RedisRowDecoder decoder;
    private final String match;
    private final int count;

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
                fetchAndDecode(pipeline, found, rows);
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

    /** Fetches what the decoder needs of {@code found}'s values and decodes them, in key order. */
    @SuppressWarnings("unchecked")
    private void fetchAndDecode(Pipeline pipeline, List<byte[]> found, List<RowData> rows) {
        ValueRead read = decoder.valueRead();
        if (read == ValueRead.NONE) { // the keys hold every produced column
            for (byte[] key : found) {
                add(key, decoder.emptyRow(), rows);
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
                decode(found.get(i), values.get(i).get(), rows);
            }
            return;
        }
        // HMGET answers all nulls both for a key deleted since SCAN and for a hash that lacks the
        // projected fields; HGETALL would tell them apart, so ask EXISTS for just those keys
        List<List<byte[]>> replies = new ArrayList<>(found.size());
        Map<Integer, Response<Boolean>> exists = new HashMap<>();
        for (int i = 0; i < found.size(); i++) {
            List<byte[]> reply = (List<byte[]>) values.get(i).get();
            replies.add(reply);
            if (reply.stream().allMatch(Objects::isNull)) {
                exists.put(i, pipeline.exists(found.get(i)));
            }
        }
        if (!exists.isEmpty()) {
            pipeline.sync();
        }
        for (int i = 0; i < found.size(); i++) {
            Response<Boolean> present = exists.get(i);
            if (present == null || present.get()) {
                add(found.get(i), decoder.decodeHashValues(found.get(i), replies.get(i)), rows);
            }
        }
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
