package dev.flinkext.connector.redis.client;

import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisConnectorOptions.SslVerify;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.RedisServerExtension;
import dev.flinkext.testing.redis.RedisTls;
import dev.flinkext.testing.redis.RedisTlsClientAuth;

import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS options against real TLS Redis servers (Debian's redis-server 7.0), each with its own
 * throw-away CA: the sink through SQL, the error cases through the client provider the sink uses.
 */
class RedisTlsTest {

    private static final String SECRET = "tls-Pa55-s3cret";

    /** Certificate for localhost and 127.0.0.1; no client certificates. */
    @RegisterExtension
    static final RedisServerExtension TLS = RedisServerExtension.system().tls().password(SECRET);

    /** Mutual TLS: clients must present a certificate signed by the test CA. */
    @RegisterExtension
    static final RedisServerExtension MUTUAL = RedisServerExtension.system().mutualTls();

    /** A certificate for another name: host name checks must fail on 127.0.0.1. */
    @RegisterExtension
    static final RedisServerExtension OTHER_NAME =
            RedisServerExtension.system().tls(RedisTlsClientAuth.NONE, List.of("redis.example"));

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @BeforeEach
    void emptyServers() {
        TLS.server().flushAll();
        MUTUAL.server().flushAll();
    }

    @Test
    void sqlSinkWritesOverTlsWithFullVerification() {
        RedisServer server = TLS.server();
        RedisTls tls = server.tls();
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        server,
                                        ", 'password' = '"
                                                + SECRET
                                                + "', 'ssl' = 'true', 'ssl.verify-mode' = 'FULL'"
                                                + trustStore(tls))
                                + "INSERT INTO t VALUES ('a', 'x'), ('b', 'y')"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        try (Jedis jedis = server.newJedis()) {
            assertThat(jedis.mget("tls:a", "tls:b")).containsExactly("x", "y");
        }
    }

    @Test
    void sqlSinkWithoutTheTrustStoreFailsNamingTheServer() {
        RedisServer server = TLS.server();
        // no ssl.truststore.*: the JVM's default trust store does not know the test CA
        String ddl =
                table(
                        server,
                        ", 'password' = '"
                                + SECRET
                                + "', 'ssl' = 'true', 'sink.max-retries' = '1',"
                                + " 'sink.retry.backoff' = '10 ms'");
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl
                                                        + "INSERT INTO t VALUES ('a', 'x')"
                                                        + FlinkVersion.onConflictDeduplicate()
                                                        + ";"))
                .satisfies(
                        e -> {
                            String text = ExceptionUtils.stringifyException(e);
                            assertThat(text)
                                    .contains("127.0.0.1:" + server.tlsPort())
                                    .contains("PKIX path building failed")
                                    .doesNotContain(SECRET);
                        });
        try (Jedis jedis = server.newJedis()) {
            assertThat(jedis.exists("tls:a")).isFalse();
        }
    }

    @Test
    void sqlSinkWithTheClientKeyStoreWritesToMutualTls() {
        RedisServer server = MUTUAL.server();
        RedisTls tls = server.tls();
        FlinkSql.streaming()
                .executeScript(
                        table(server, ", 'ssl' = 'true'" + trustStore(tls) + keyStore(tls))
                                + "INSERT INTO t VALUES ('m', 'mutual')"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        try (Jedis jedis = server.newJedis()) {
            assertThat(jedis.get("tls:m")).isEqualTo("mutual");
        }
    }

    @Test
    void mutualTlsWithoutTheKeyStoreIsRefusedNamingTheServer() {
        RedisServer server = MUTUAL.server();
        RedisTls tls = server.tls();
        RedisConnectionOptions options =
                tlsOptions(server.host(), server.tlsPort(), SslVerify.FULL)
                        .trustStore(
                                tls.trustStorePath().toString(),
                                tls.trustStorePassword(),
                                RedisTls.STORE_TYPE)
                        .build();
        assertPingFails(options, "127.0.0.1:" + server.tlsPort(), tls.trustStorePassword());
    }

    @Test
    void aTrustStoreOfAnotherCaIsRefusedNamingTheServer() {
        RedisServer server = TLS.server();
        // MUTUAL's trust store: a valid store, but its CA did not sign TLS's certificate
        RedisTls otherCa = MUTUAL.server().tls();
        RedisConnectionOptions options =
                tlsOptions(server.host(), server.tlsPort(), SslVerify.FULL)
                        .password(SECRET)
                        .trustStore(
                                otherCa.trustStorePath().toString(),
                                otherCa.trustStorePassword(),
                                RedisTls.STORE_TYPE)
                        .build();
        String text =
                assertPingFails(
                        options, "127.0.0.1:" + server.tlsPort(), otherCa.trustStorePassword());
        assertThat(text).contains("PKIX").doesNotContain(SECRET);
    }

    @Test
    void aWrongTrustStorePasswordIsRefusedWithoutShowingIt() {
        RedisServer server = TLS.server();
        String wrong = "not-the-Store-pa55";
        RedisConnectionOptions options =
                tlsOptions(server.host(), server.tlsPort(), SslVerify.FULL)
                        .password(SECRET)
                        .trustStore(
                                server.tls().trustStorePath().toString(),
                                wrong,
                                RedisTls.STORE_TYPE)
                        .build();
        String text = assertPingFails(options, "127.0.0.1:" + server.tlsPort(), wrong);
        assertThat(text).contains("password").doesNotContain(SECRET);
    }

    @Test
    void aMissingTrustStoreFileIsNamed() {
        RedisServer server = TLS.server();
        Path missing = server.tls().trustStorePath().resolveSibling("no-such-store.p12");
        RedisConnectionOptions options =
                tlsOptions(server.host(), server.tlsPort(), SslVerify.FULL)
                        .trustStore(missing.toString(), "whatever-pw", RedisTls.STORE_TYPE)
                        .build();
        String text = assertPingFails(options, "127.0.0.1:" + server.tlsPort(), "whatever-pw");
        assertThat(text).contains("'ssl.truststore.path'").contains(missing.toString());
    }

    @Test
    void fullVerificationChecksTheHostNameAndCaModeDoesNot() {
        RedisServer server = OTHER_NAME.server();
        RedisTls tls = server.tls();
        assertPingFails(
                tlsOptions("127.0.0.1", server.tlsPort(), SslVerify.FULL)
                        .trustStore(
                                tls.trustStorePath().toString(),
                                tls.trustStorePassword(),
                                RedisTls.STORE_TYPE)
                        .build(),
                "127.0.0.1:" + server.tlsPort(),
                tls.trustStorePassword());

        assertWritesAndReads(
                tlsOptions("127.0.0.1", server.tlsPort(), SslVerify.CA)
                        .trustStore(
                                tls.trustStorePath().toString(),
                                tls.trustStorePassword(),
                                RedisTls.STORE_TYPE)
                        .build(),
                server);
    }

    @Test
    void fullVerificationAcceptsLocalhostAsNamedInTheCertificate() {
        RedisServer server = TLS.server();
        RedisTls tls = server.tls();
        assertWritesAndReads(
                tlsOptions("localhost", server.tlsPort(), SslVerify.FULL)
                        .password(SECRET)
                        .trustStore(
                                tls.trustStorePath().toString(),
                                tls.trustStorePassword(),
                                RedisTls.STORE_TYPE)
                        .build(),
                server);
    }

    @Test
    void insecureModeConnectsWithoutATrustStore() {
        RedisServer server = OTHER_NAME.server();
        assertWritesAndReads(
                tlsOptions("127.0.0.1", server.tlsPort(), SslVerify.INSECURE).build(), server);
    }

    @Test
    void insecureModeThroughSqlNeedsNoTrustStore() {
        RedisServer server = TLS.server();
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        server,
                                        ", 'password' = '"
                                                + SECRET
                                                + "', 'ssl' = 'true',"
                                                + " 'ssl.verify-mode' = 'INSECURE'")
                                + "INSERT INTO t VALUES ('i', 'insecure')"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        try (Jedis jedis = server.newJedis()) {
            assertThat(jedis.get("tls:i")).isEqualTo("insecure");
        }
    }

    private static String table(RedisServer server, String options) {
        return "CREATE TABLE t (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                + "'connector' = 'redis', 'host' = '"
                + server.host()
                + "', 'port' = '"
                + server.tlsPort()
                + "', 'key-prefix' = 'tls:'"
                + options
                + ");";
    }

    private static String trustStore(RedisTls tls) {
        return ", 'ssl.truststore.path' = '"
                + tls.trustStorePath()
                + "', 'ssl.truststore.password' = '"
                + tls.trustStorePassword()
                + "'";
    }

    private static String keyStore(RedisTls tls) {
        return ", 'ssl.keystore.path' = '"
                + tls.requireKeyStorePath()
                + "', 'ssl.keystore.password' = '"
                + tls.keyStorePassword().orElseThrow()
                + "'";
    }

    private static RedisConnectionOptions.Builder tlsOptions(
            String host, int port, SslVerify verify) {
        return RedisConnectionOptions.builder()
                .standalone(host, port)
                .ssl(true)
                .sslVerify(verify)
                .connectTimeout(java.time.Duration.ofSeconds(5));
    }

    /** A pipelined write (the sink's path) and a read through the provider, then a check. */
    private static void assertWritesAndReads(RedisConnectionOptions options, RedisServer server) {
        try (RedisClientProvider provider = RedisClientProvider.create(options)) {
            RedisAddress node = provider.nodeOf(new byte[] {1});
            try (Pipeline pipeline = provider.pipeline(node)) {
                Response<String> set = pipeline.set("tls:p", "piped");
                pipeline.sync();
                assertThat(set.get()).isEqualTo("OK");
            }
            assertThat(provider.client().get("tls:p")).isEqualTo("piped");
        }
        try (Jedis jedis = server.newJedis()) {
            assertThat(jedis.getDel("tls:p")).isEqualTo("piped");
        }
    }

    /** The sink's path (a pipeline on a pooled connection) fails; returns the error's text. */
    private static String assertPingFails(
            RedisConnectionOptions options, String address, String secret) {
        String[] text = new String[1];
        assertThatThrownBy(
                        () -> {
                            try (RedisClientProvider provider =
                                            RedisClientProvider.create(options);
                                    Pipeline pipeline =
                                            provider.pipeline(provider.nodeOf(new byte[] {1}))) {
                                Response<Boolean> pong = pipeline.exists("tls:probe");
                                pipeline.sync();
                                pong.get();
                            }
                        })
                .satisfies(
                        e -> {
                            text[0] = ExceptionUtils.stringifyException(e);
                            assertThat(e.getMessage()).contains(address);
                            assertThat(text[0]).doesNotContain(secret);
                        });
        return text[0];
    }
}
