package dev.flinkext.testing.redis;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The TLS material of one test Redis server, made fresh when the server starts and deleted with its
 * temp folder: a throw-away CA, a server certificate for {@link #hostNames()} signed by it, a
 * PKCS12 trust store holding the CA and, when the server asks for client certificates, a PKCS12
 * client key store. Store passwords are random per server; {@link #toString()} never shows them.
 */
public final class RedisTls {

    /** Type of both stores. */
    public static final String STORE_TYPE = "PKCS12";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisTlsClientAuth clientAuth;
    private final List<String> hostNames;
    private final Path caCertificate;
    private final TlsCertificates.Pair server;
    private final Path trustStore;
    private final String trustStorePassword;
    private final Path keyStore;
    private final String keyStorePassword;

    private RedisTls(
            RedisTlsClientAuth clientAuth,
            List<String> hostNames,
            Path caCertificate,
            TlsCertificates.Pair server,
            Path trustStore,
            String trustStorePassword,
            Path keyStore,
            String keyStorePassword) {
        this.clientAuth = clientAuth;
        this.hostNames = List.copyOf(hostNames);
        this.caCertificate = caCertificate;
        this.server = server;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
    }

    /** Writes a CA, a server certificate and the stores into {@code dir}. */
    static RedisTls generate(Path dir, List<String> hostNames, RedisTlsClientAuth clientAuth)
            throws IOException {
        TlsCertificates certificates = TlsCertificates.newCa(dir, hostNames);
        TlsCertificates.Pair server = certificates.server("server");
        try {
            Certificate ca = readCertificate(certificates.caCertificate());
            String trustPassword = randomPassword();
            KeyStore trust = KeyStore.getInstance(STORE_TYPE);
            trust.load(null, null);
            trust.setCertificateEntry("flinkext-test-ca", ca);
            Path trustStore = store(trust, dir.resolve("truststore.p12"), trustPassword);

            Path keyStore = null;
            String keyPassword = null;
            if (clientAuth != RedisTlsClientAuth.NONE) {
                TlsCertificates.Pair client = certificates.client("client");
                keyPassword = randomPassword();
                KeyStore keys = KeyStore.getInstance(STORE_TYPE);
                keys.load(null, null);
                keys.setKeyEntry(
                        "client",
                        readPrivateKey(client.key()),
                        keyPassword.toCharArray(),
                        new Certificate[] {readCertificate(client.certificate()), ca});
                keyStore = store(keys, dir.resolve("client-keystore.p12"), keyPassword);
            }
            return new RedisTls(
                    clientAuth,
                    hostNames,
                    certificates.caCertificate(),
                    server,
                    trustStore,
                    trustPassword,
                    keyStore,
                    keyPassword);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot build the TLS stores in " + dir, e);
        }
    }

    /** redis-server flags: TLS on {@code tlsPort} with this material (the plain port is 0). */
    List<String> serverArgs(int tlsPort) {
        return List.of(
                "--tls-port",
                Integer.toString(tlsPort),
                "--tls-cert-file",
                server.certificate().toString(),
                "--tls-key-file",
                server.key().toString(),
                "--tls-ca-cert-file",
                caCertificate.toString(),
                "--tls-auth-clients",
                clientAuth.redisValue());
    }

    /** Whether the server asks clients for a certificate. */
    public RedisTlsClientAuth clientAuth() {
        return clientAuth;
    }

    /** The subject alternative names of the server certificate (default localhost, 127.0.0.1). */
    public List<String> hostNames() {
        return hostNames;
    }

    /** The CA certificate as a PEM file. */
    public Path caCertificatePem() {
        return caCertificate;
    }

    /** A PKCS12 trust store holding only this server's CA. */
    public Path trustStorePath() {
        return trustStore;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    /**
     * A PKCS12 key store with a client certificate signed by the CA (key password = store
     * password); present when the server asks for client certificates.
     */
    public Optional<Path> keyStorePath() {
        return Optional.ofNullable(keyStore);
    }

    public Optional<String> keyStorePassword() {
        return Optional.ofNullable(keyStorePassword);
    }

    /** The client key store, or an error saying the server was not started with client auth. */
    public Path requireKeyStorePath() {
        return keyStorePath()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "This Redis has no client certificate: start it with"
                                                + " mutualTls() or tls(RedisTlsClientAuth...)"));
    }

    /** Trusts this server's CA and, when there is one, presents the client certificate. */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, trustStorePassword));
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore, keyStorePassword), keyStorePassword.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot load the test TLS stores " + this, e);
        }
    }

    public SSLSocketFactory sslSocketFactory() {
        return sslContext().getSocketFactory();
    }

    /**
     * Checks the chain always, and the host name when the certificate names {@code host} (else a
     * custom {@link #hostNames()} set-up wants the mismatch, and the helpers still connect).
     */
    SSLParameters sslParameters(String host) {
        SSLParameters parameters = new SSLParameters();
        if (hostNames.contains(host)) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return parameters;
    }

    private static KeyStore load(Path path, String password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static Path store(KeyStore store, Path path, String password)
            throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(path)) {
            store.store(out, password.toCharArray());
        }
        return path;
    }

    private static Certificate readCertificate(Path pem)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** Reads the unencrypted PKCS#8 PEM that {@code openssl req -nodes} writes. */
    private static PrivateKey readPrivateKey(Path pem)
            throws IOException, GeneralSecurityException {
        List<String> body = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(pem, StandardCharsets.US_ASCII)) {
            if (line.startsWith("-----BEGIN PRIVATE KEY-----")) {
                inside = true;
            } else if (line.startsWith("-----END PRIVATE KEY-----")) {
                inside = false;
            } else if (inside) {
                body.add(line.trim());
            }
        }
        if (body.isEmpty()) {
            throw new IOException("No PKCS#8 'BEGIN PRIVATE KEY' block in " + pem);
        }
        byte[] der = Base64.getDecoder().decode(String.join("", body));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "TLS (CA "
                + caCertificate
                + ", names "
                + hostNames
                + ", client certificates "
                + clientAuth
                + ")";
    }
}
