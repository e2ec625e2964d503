package dev.flinkext.testing.redis;

import dev.flinkext.testing.process.Binaries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a throw-away CA and certificates signed by it, as PEM files, with the {@code openssl}
 * command line: keytool could do it with the JDK alone, but each call starts a JVM (~0.7 s here,
 * about ten calls per server), while openssl needs ~15 ms. Keys are EC P-256, valid for 2 days.
 */
final class TlsCertificates {

    private static final long TIMEOUT_SECONDS = 30;
    private static final String DAYS = "2";

    private final Path openssl;
    private final Path dir;
    private final Path extensions;
    private int serial = 1;

    private TlsCertificates(Path openssl, Path dir, Path extensions) {
        this.openssl = openssl;
        this.dir = dir;
        this.extensions = extensions;
    }

    /**
     * Writes a CA ({@code ca.crt}, {@code ca.key}) into {@code dir}; server certificates get {@code
     * hostNames} as subject alternative names (IP addresses as IP entries, the rest as DNS).
     */
    static TlsCertificates newCa(Path dir, List<String> hostNames) throws IOException {
        Path openssl = Binaries.require("openssl", "openssl");
        // an own config file, so the system's openssl.cnf defaults do not matter
        Path extensions = dir.resolve("tls-extensions.cnf");
        Files.write(
                extensions,
                List.of(
                        "[req]",
                        "distinguished_name = dn",
                        "[dn]",
                        "[ca]",
                        "basicConstraints = critical, CA:TRUE",
                        "keyUsage = critical, keyCertSign, cRLSign",
                        "subjectKeyIdentifier = hash",
                        "[server]",
                        "basicConstraints = critical, CA:FALSE",
                        "keyUsage = critical, digitalSignature",
                        "extendedKeyUsage = serverAuth",
                        "subjectAltName = " + subjectAltNames(hostNames),
                        "authorityKeyIdentifier = keyid",
                        "[client]",
                        "basicConstraints = critical, CA:FALSE",
                        "keyUsage = critical, digitalSignature",
                        "extendedKeyUsage = clientAuth",
                        "authorityKeyIdentifier = keyid"),
                StandardCharsets.US_ASCII);
        TlsCertificates certificates = new TlsCertificates(openssl, dir, extensions);
        certificates.run(
                "req",
                "-x509",
                "-config",
                extensions.toString(),
                "-extensions",
                "ca",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                certificates.caKey().toString(),
                "-out",
                certificates.caCertificate().toString(),
                "-days",
                DAYS,
                "-subj",
                // unique per server, so another server's CA is a different issuer, not a look-alike
                "/CN=flinkext test CA " + dir.getFileName());
        certificates.restrict(certificates.caKey());
        return certificates;
    }

    Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    private Path caKey() {
        return dir.resolve("ca.key");
    }

    /** A server certificate for the CA's host names: {@code name.crt} and {@code name.key}. */
    Pair server(String name) throws IOException {
        return sign(name, "server", "/CN=" + name);
    }

    /** A client certificate (extended key usage clientAuth). */
    Pair client(String name) throws IOException {
        return sign(name, "client", "/CN=" + name);
    }

    private Pair sign(String name, String section, String subject) throws IOException {
        Pair pair = new Pair(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        Path request = dir.resolve(name + ".csr");
        run(
                "req",
                "-new",
                "-config",
                extensions.toString(),
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                pair.key().toString(),
                "-out",
                request.toString(),
                "-subj",
                subject);
        restrict(pair.key());
        run(
                "x509",
                "-req",
                "-in",
                request.toString(),
                "-CA",
                caCertificate().toString(),
                "-CAkey",
                caKey().toString(),
                "-set_serial",
                Integer.toString(++serial),
                "-days",
                DAYS,
                "-extfile",
                extensions.toString(),
                "-extensions",
                section,
                "-out",
                pair.certificate().toString());
        Files.delete(request);
        return pair;
    }

    private void restrict(Path key) throws IOException {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private static String subjectAltNames(List<String> hostNames) {
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("A TLS server certificate needs a host name");
        }
        List<String> entries = new ArrayList<>();
        for (String name : hostNames) {
            boolean ip = name.matches("[0-9.]+") || name.contains(":");
            entries.add((ip ? "IP:" : "DNS:") + name);
        }
        return String.join(", ", entries);
    }

    private void run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(openssl.toString());
        command.addAll(List.of(args));
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        process.getOutputStream().close();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("openssl " + args[0] + " did not finish in 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(
                        "openssl failed (exit "
                                + process.exitValue()
                                + "): "
                                + String.join(" ", command)
                                + "\n"
                                + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running openssl", e);
        }
    }

    /** A PEM certificate and its PEM (PKCS#8, unencrypted) private key. */
    record Pair(Path certificate, Path key) {}
}
