package dev.flinkext.connector.redis.source;

import dev.flinkext.connector.redis.client.RedisClientErrors;
import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.mapping.RedisKeyDecoder;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder;

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
import java.util.List;
import java.util.Map;

/**
 * Reads a STRING or HASH table from one node, a page at a time: {@code SCAN cursor MATCH pattern
 * COUNT n TYPE string|hash}, then the page's values in one pipeline ({@code GET} or {@code HGETALL}
 * per key), decoded into rows whose key columns are parsed from the keys. Shared by the FULL lookup
 * cache and the scan source.
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
                List<Response<?>> values = new ArrayList<>(found.size());
                for (byte[] key : found) {
                    values.add(hash ? pipeline.hgetAll(key) : pipeline.get(key));
                }
                pipeline.sync();
                for (int i = 0; i < found.size(); i++) {
                    decode(found.get(i), values.get(i).get(), rows);
                }
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
            rows.add(row);
        }
    }
}
