package dev.flinkext.connector.redis.mapping;

import dev.flinkext.connector.redis.config.RedisTableMapping;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a row's Redis key: {@code key-prefix} followed by the key columns' text forms joined by
 * {@code key.separator} (e.g. {@code user:42:eu}). Shared by the sink, the lookup and the scan, so
 * all three agree on every key.
 */
public final class RedisKeyEncoder {

    private final byte[] prefix;
    private final byte[] separator;
    private final int[] positions;
    private final String[] names;
    private final FieldText.Encoder[] encoders;
    private final boolean forWrites;

    /**
     * The one key column is a BIGINT or INTEGER: its digits are written straight into the key after
     * the prefix (the same text as {@link FieldText}'s, without a String and two copies).
     */
    private final LogicalTypeRoot integralKey;

    /**
     * The encoder of the sink: keys of whole table rows. A composite key part that contains the
     * separator is refused, because it would make two different rows share one Redis key (and
     * overwrite each other) and the key could not be split back by scans.
     */
    public RedisKeyEncoder(RedisTableMapping mapping) {
        this(mapping, mapping.keyPositions(), true);
    }

    /**
     * Encodes the fields at {@code rowPositions} of the rows given (e.g. a lookup key row whose
     * fields 0..n-1 are the key columns), typed and named as the mapping's key columns.
     */
    public RedisKeyEncoder(RedisTableMapping mapping, int[] rowPositions) {
        this(mapping, rowPositions, false);
    }

    private RedisKeyEncoder(RedisTableMapping mapping, int[] rowPositions, boolean forWrites) {
        this.forWrites = forWrites;
        int[] keyPositions = mapping.keyPositions();
        if (rowPositions.length != keyPositions.length) {
            throw new IllegalArgumentException(
                    "Expected "
                            + keyPositions.length
                            + " key positions, got "
                            + rowPositions.length);
        }
        this.prefix = mapping.keyPrefix().getBytes(StandardCharsets.UTF_8);
        this.separator = mapping.keySeparator().getBytes(StandardCharsets.UTF_8);
        this.positions = rowPositions.clone();
        this.names = new String[keyPositions.length];
        this.encoders = new FieldText.Encoder[keyPositions.length];
        for (int i = 0; i < keyPositions.length; i++) {
            names[i] = mapping.columnName(keyPositions[i]);
            encoders[i] =
                    FieldText.encoder(mapping.columnTypes().get(keyPositions[i]), rowPositions[i]);
        }
        LogicalTypeRoot root =
                keyPositions.length == 1
                        ? mapping.columnTypes().get(keyPositions[0]).getTypeRoot()
                        : null;
        this.integralKey =
                root == LogicalTypeRoot.BIGINT || root == LogicalTypeRoot.INTEGER ? root : null;
    }

    /** The key of {@code row}; fails naming the column when a key field is null. */
    public byte[] encode(RowData row) {
        if (integralKey != null) {
            checkNotNull(row, 0);
            return withDigits(
                    prefix,
                    integralKey == LogicalTypeRoot.BIGINT
                            ? row.getLong(positions[0])
                            : row.getInt(positions[0]));
        }
        if (encoders.length == 1 && prefix.length == 0) {
            checkNotNull(row, 0);
            return encoders[0].encode(row);
        }
        if (encoders.length == 1) {
            // the sink's usual key (prefix + one column): no array of parts per row, and no
            // separator check, since one part cannot be ambiguous
            checkNotNull(row, 0);
            byte[] part = encoders[0].encode(row);
            byte[] key = Arrays.copyOf(prefix, prefix.length + part.length);
            System.arraycopy(part, 0, key, prefix.length, part.length);
            return key;
        }
        // encode the parts first, then copy them into one array of the exact size
        byte[][] parts = new byte[encoders.length][];
        int length = prefix.length + separator.length * Math.max(0, encoders.length - 1);
        for (int i = 0; i < encoders.length; i++) {
            parts[i] = part(row, i);
            length += parts[i].length;
        }
        byte[] key = new byte[length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        int offset = prefix.length;
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                System.arraycopy(separator, 0, key, offset, separator.length);
                offset += separator.length;
            }
            System.arraycopy(parts[i], 0, key, offset, parts[i].length);
            offset += parts[i].length;
        }
        return key;
    }

    /** {@code prefix} followed by the decimal text of {@code value}, as {@link Long#toString}. */
    static byte[] withDigits(byte[] prefix, long value) {
        byte[] key = Arrays.copyOf(prefix, prefix.length + stringSize(value));
        long n = value < 0 ? value : -value; // negative: Long.MIN_VALUE has no positive twin
        int i = key.length;
        do {
            key[--i] = (byte) ('0' - (n % 10));
            n /= 10;
        } while (n != 0);
        if (value < 0) {
            key[--i] = '-';
        }
        return key;
    }

    /** Characters of {@link Long#toString}{@code (x)}. */
    private static int stringSize(long x) {
        int d = 1;
        if (x >= 0) {
            d = 0;
            x = -x;
        }
        long p = -10;
        for (int i = 1; i < 19; i++) {
            if (x > p) {
                return i + d;
            }
            p = 10 * p;
        }
        return 19 + d;
    }

    /** Key column {@code i}'s text; fails when it is null or holds the separator (writes). */
    private byte[] part(RowData row, int i) {
        checkNotNull(row, i);
        byte[] part = encoders[i].encode(row);
        if (forWrites && contains(part, separator)) {
            throw new IllegalArgumentException(
                    "Redis key column '"
                            + names[i]
                            + "' holds the key separator '"
                            + new String(separator, StandardCharsets.UTF_8)
                            + "' in a "
                            + row.getRowKind()
                            + " row: the composite key would be ambiguous (another row could"
                            + " map to the same Redis key). Choose a 'key.separator' that"
                            + " cannot occur in the key columns.");
        }
        return part;
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        if (part.length == 0) {
            return false;
        }
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void checkNotNull(RowData row, int i) {
        if (row.isNullAt(positions[i])) {
            throw new IllegalArgumentException(
                    "Redis key column '"
                            + names[i]
                            + "' is null in a "
                            + row.getRowKind()
                            + " row");
        }
    }
}
