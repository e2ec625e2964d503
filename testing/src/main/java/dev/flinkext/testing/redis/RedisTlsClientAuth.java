package dev.flinkext.testing.redis;

/** Whether a TLS Redis asks clients for a certificate ({@code tls-auth-clients}). */
public enum RedisTlsClientAuth {
    /** Clients need no certificate. */
    NONE("no"),
    /** Clients may present one; if they do, it must be signed by the server's CA. */
    OPTIONAL("optional"),
    /** Mutual TLS: clients without a certificate signed by the server's CA are refused. */
    REQUIRED("yes");

    private final String redisValue;

    RedisTlsClientAuth(String redisValue) {
        this.redisValue = redisValue;
    }

    /** The value of redis-server's {@code --tls-auth-clients}. */
    String redisValue() {
        return redisValue;
    }
}
