package dev.flinkext.connector.redis.config;

import org.apache.flink.table.api.ValidationException;

/** The checks and the redaction shared by the connection option records. */
final class Checks {

    private Checks() {}

    /** Fails with {@link ValidationException} carrying {@code message} unless {@code condition}. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new ValidationException(message);
        }
    }

    /** How a secret appears in {@code toString()}: never its value. */
    static String redact(String secret) {
        return secret == null ? "<none>" : "******";
    }
}
