package dev.flinkext.testing.kafka;

import java.nio.charset.StandardCharsets;

/**
 * One Kafka record: key and value as raw bytes (either may be null), plus where it was read from.
 * Records built for {@link KafkaBroker#produce} have partition and offset -1.
 */
public record KafkaRecord(byte[] key, byte[] value, int partition, long offset) {

    /** A record with a UTF-8 key and value (either may be null). */
    public static KafkaRecord of(String key, String value) {
        return new KafkaRecord(utf8(key), utf8(value), -1, -1);
    }

    /** A record with raw key and value bytes (either may be null). */
    public static KafkaRecord of(byte[] key, byte[] value) {
        return new KafkaRecord(key, value, -1, -1);
    }

    /** A record with no key. */
    public static KafkaRecord value(String value) {
        return of(null, value);
    }

    /** The key decoded as UTF-8, or null. */
    public String keyString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value decoded as UTF-8, or null. */
    public String valueString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "KafkaRecord["
                + partition
                + "@"
                + offset
                + " "
                + keyString()
                + "="
                + valueString()
                + "]";
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
