package dev.flinkext.connector.redis.config;

import dev.flinkext.connector.redis.config.RedisConnectorOptions.SslVerify;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

import static dev.flinkext.connector.redis.config.Checks.redact;

/**
 * TLS towards Redis ('ssl', 'ssl.*'). Passwords never appear in {@link #toString()}.
 *
 * @param enabled whether connections use TLS
 * @param verifyMode how the server's certificate is checked
 * @param trustStore the CAs to trust (no path: the JVM's default trust store)
 * @param keyStore the client certificate for mutual TLS (no path: none)
 */
public record RedisTlsOptions(
        boolean enabled, SslVerify verifyMode, Store trustStore, Store keyStore)
        implements Serializable {

    /** The default store type of 'ssl.truststore.type' and 'ssl.keystore.type'. */
    public static final String DEFAULT_STORE_TYPE = "PKCS12";

    /** TLS off, with the defaults of the 'ssl.*' options. */
    public static final RedisTlsOptions DISABLED =
            new RedisTlsOptions(false, SslVerify.FULL, Store.NONE, Store.NONE);

    public RedisTlsOptions {
        Objects.requireNonNull(verifyMode, "verifyMode");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(keyStore, "keyStore");
    }

    @Override
    public String toString() {
        return enabled
                ? "ssl=true, sslVerify="
                        + verifyMode
                        + ", trustStore="
                        + trustStore
                        + ", keyStore="
                        + keyStore
                : "ssl=false";
    }

    /**
     * A key or trust store file.
     *
     * @param pathOrNull the file on the task managers, or null for none
     * @param passwordOrNull its password, or null
     * @param type its type, e.g. PKCS12 or JKS
     */
    public record Store(@Nullable String pathOrNull, @Nullable String passwordOrNull, String type)
            implements Serializable {

        /** No store file, the default type. */
        public static final Store NONE = new Store(null, null, DEFAULT_STORE_TYPE);

        public Store {
            Objects.requireNonNull(type, "type");
        }

        public Optional<String> path() {
            return Optional.ofNullable(pathOrNull);
        }

        /** The password; callers hand it to the TLS setup and never print it. */
        public Optional<String> password() {
            return Optional.ofNullable(passwordOrNull);
        }

        @Override
        public String toString() {
            return pathOrNull + " (" + type + ", password=" + redact(passwordOrNull) + ")";
        }
    }
}
