package dev.flinkext.testing.redis;

import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisServerTlsTest {

    @RegisterExtension static final RedisServerExtension TLS = RedisServerExtension.system().tls();

    @RegisterExtension
    static final RedisServerExtension MUTUAL = RedisServerExtension.system().mutualTls();

    @Test
    void theHandleTalksTlsAndTheServerHasNoPlainPort() {
        RedisServer server = TLS.server();
        try (Jedis jedis = server.newJedis()) {
            jedis.set("k", "v");
            assertThat(jedis.get("k")).isEqualTo("v");
        }
        assertThat(server.tlsPort()).isEqualTo(server.port());
        assertThat(server.version()).startsWith("7.");
        assertThatThrownBy(() -> ping(new Jedis(server.host(), server.port())))
                .isInstanceOf(JedisConnectionException.class);
    }

    @Test
    void theTrustStoreHoldsOnlyTheCaAndVerifiesTheHostName() throws Exception {
        RedisTls tls = TLS.server().tls();
        KeyStore trust = KeyStore.getInstance(RedisTls.STORE_TYPE);
        try (var in = Files.newInputStream(tls.trustStorePath())) {
            trust.load(in, tls.trustStorePassword().toCharArray());
        }
        assertThat(trust.size()).isEqualTo(1);
        assertThat(tls.keyStorePath()).isEmpty();

        for (String host : List.of("127.0.0.1", "localhost")) {
            try (Jedis jedis = fullyVerifying(tls, host, TLS.server().port())) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void aClientWithoutTheCaIsRefused() throws Exception {
        // the JVM's default trust store knows public CAs only
        TrustManagerFactory jvmDefault =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jvmDefault.init((KeyStore) null);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, jvmDefault.getTrustManagers(), null);
        RedisServer server = TLS.server();
        assertThatThrownBy(
                        () ->
                                ping(
                                        new Jedis(
                                                server.hostAndPort(),
                                                DefaultJedisClientConfig.builder()
                                                        .ssl(true)
                                                        .sslSocketFactory(
                                                                context.getSocketFactory())
                                                        .build())))
                .isInstanceOf(JedisConnectionException.class)
                .hasStackTraceContaining("PKIX");
    }

    @Test
    void mutualTlsNeedsTheClientCertificate() {
        RedisServer server = MUTUAL.server();
        RedisTls tls = server.tls();
        assertThat(tls.clientAuth()).isEqualTo(RedisTlsClientAuth.REQUIRED);
        assertThat(tls.requireKeyStorePath()).exists();
        try (Jedis jedis = server.newJedis()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }

        assertThatThrownBy(
                        () ->
                                ping(
                                        new Jedis(
                                                server.hostAndPort(),
                                                DefaultJedisClientConfig.builder()
                                                        .ssl(true)
                                                        .sslSocketFactory(trustOnlyOf(tls))
                                                        .build())))
                .isInstanceOf(JedisConnectionException.class)
                // TLS 1.3 checks the client after the client's handshake is done: it sees the
                // server's alert, or a closed or reset connection when it writes first
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .containsAnyOf(
                                                "certificate_required",
                                                "Broken pipe",
                                                "Connection reset"));
    }

    @Test
    void passwordsShowNeitherInToStringNorOnTheCommandLine() {
        RedisServer server = MUTUAL.server();
        RedisTls tls = server.tls();
        String commandLine =
                ProcessHandle.of(server.pid()).flatMap(p -> p.info().commandLine()).orElseThrow();

        for (String text : List.of(server.toString(), tls.toString(), commandLine)) {
            assertThat(text)
                    .doesNotContain(tls.trustStorePassword())
                    .doesNotContain(tls.keyStorePassword().orElseThrow());
        }
    }

    @ParameterizedTest
    @EnumSource(RedisBinary.class)
    void bothBinariesServeTlsAndTheFilesGoWithTheServer(RedisBinary binary) throws Exception {
        Path trustStore;
        try (RedisServer server =
                RedisServer.start(
                        binary,
                        null,
                        new RedisServer.TlsSettings(
                                List.of("redis.example"), RedisTlsClientAuth.OPTIONAL))) {
            RedisTls tls = server.tls();
            trustStore = tls.trustStorePath();
            // the handle checks the chain only, as 127.0.0.1 is not in the certificate
            try (Jedis jedis = server.newJedis()) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
            assertThatThrownBy(() -> ping(fullyVerifying(tls, "127.0.0.1", server.port())))
                    .isInstanceOf(JedisConnectionException.class)
                    .hasStackTraceContaining("No subject alternative names matching IP address");
            // OPTIONAL: a client without a certificate is served too
            try (Jedis jedis =
                    new Jedis(
                            server.hostAndPort(),
                            DefaultJedisClientConfig.builder()
                                    .ssl(true)
                                    .sslSocketFactory(trustOnlyOf(tls))
                                    .sslParameters(new SSLParameters())
                                    .build())) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
            assertThat(trustStore).exists();
        }
        assertThat(trustStore).doesNotExist();
    }

    /** Jedis connects in its constructor; this closes the connection whatever happens. */
    private static String ping(Jedis jedis) {
        try (jedis) {
            return jedis.ping();
        }
    }

    private static Jedis fullyVerifying(RedisTls tls, String host, int port) {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return new Jedis(
                new HostAndPort(host, port),
                DefaultJedisClientConfig.builder()
                        .ssl(true)
                        .sslSocketFactory(tls.sslSocketFactory())
                        .sslParameters(parameters)
                        .build());
    }

    private static javax.net.ssl.SSLSocketFactory trustOnlyOf(RedisTls tls) {
        try {
            KeyStore trust = KeyStore.getInstance(RedisTls.STORE_TYPE);
            try (var in = Files.newInputStream(tls.trustStorePath())) {
                trust.load(in, tls.trustStorePassword().toCharArray());
            }
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
