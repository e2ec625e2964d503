package dev.flinkext.connector.redis.mapping;

import dev.flinkext.connector.redis.config.RedisTableMapping;

import org.apache.flink.table.data.GenericRowData;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The inverse of {@link RedisKeyEncoder}: parses a scanned Redis key ({@code key-prefix} + key
 * columns joined by {@code key.separator}) back into the key columns of a row. A key that does not
 * have that shape fails, naming the key, rather than being skipped.
 *
 * <p>A composite key is split at every separator, so it is only decodable when no key column's text
 * contains the separator (the same limit every "prefix:a:b" key scheme has).
 */
public final class RedisKeyDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private final byte[] prefix;
    private final byte[] separator;
    private final int[] positions;
    private final String[] names;
    private final FieldText.Decoder[] decoders;

    public RedisKeyDecoder(RedisTableMapping mapping) {
        this.prefix = mapping.keyPrefix().getBytes(StandardCharsets.UTF_8);
        this.separator = mapping.keySeparator().getBytes(StandardCharsets.UTF_8);
        this.positions = mapping.keyPositions();
        this.names = new String[positions.length];
        this.decoders = new FieldText.Decoder[positions.length];
        for (int i = 0; i < positions.length; i++) {
            names[i] = mapping.columnName(positions[i]);
            decoders[i] = FieldText.decoder(mapping.columnTypes().get(positions[i]));
        }
    }

    /** Sets the key columns of {@code row} from {@code key}. */
    public void decodeInto(byte[] key, GenericRowData row) {
        if (!startsWith(key, prefix)) {
            throw new IllegalArgumentException(
                    "Redis key '" + text(key) + "' does not start with the key prefix");
        }
        List<byte[]> parts = split(key, prefix.length);
        if (parts.size() != positions.length) {
            throw new IllegalArgumentException(
                    "Redis key '"
                            + text(key)
                            + "' does not split into the "
                            + positions.length
                            + " key columns "
                            + Arrays.toString(names)
                            + " at separator '"
                            + text(separator)
                            + "'");
        }
        for (int i = 0; i < positions.length; i++) {
            try {
                row.setField(positions[i], decoders[i].decode(parts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Redis key '"
                                + text(key)
                                + "': key column '"
                                + names[i]
                                + "': "
                                + e.getMessage(),
                        e);
            }
        }
    }

    private List<byte[]> split(byte[] key, int from) {
        List<byte[]> parts = new ArrayList<>(positions.length);
        if (positions.length == 1 || separator.length == 0) {
            parts.add(Arrays.copyOfRange(key, from, key.length));
            return parts;
        }
        int start = from;
        for (int i = from; i <= key.length - separator.length; i++) {
            if (regionMatches(key, i, separator)) {
                parts.add(Arrays.copyOfRange(key, start, i));
                start = i + separator.length;
                i = start - 1;
            }
        }
        parts.add(Arrays.copyOfRange(key, start, key.length));
        return parts;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && regionMatches(key, 0, prefix);
    }

    private static boolean regionMatches(byte[] bytes, int offset, byte[] part) {
        for (int j = 0; j < part.length; j++) {
            if (bytes[offset + j] != part[j]) {
                return false;
            }
        }
        return true;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
