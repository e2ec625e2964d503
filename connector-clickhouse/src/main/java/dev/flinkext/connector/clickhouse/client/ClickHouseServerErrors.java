package dev.flinkext.connector.clickhouse.client;

import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;

import com.clickhouse.client.api.ServerException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Server errors that client-v2 cannot read. It finds the server's message only in the format of
 * servers from 19 on (it looks for {@code <code>. DB::Exception:} with the code from a header older
 * servers do not send): against 18.16 every message is {@code <Unreadable error message>}.
 *
 * <p>For a read (a SELECT has no effect) the message is recovered by sending the same statement
 * once more over plain HTTP, with the same user, settings and TLS trust, and taking the error text
 * the server answers ({@link #messageOfRead}). Writes are not sent twice: their errors get {@link
 * #hint}, the kind of error the HTTP status tells.
 */
public final class ClickHouseServerErrors {

    private ClickHouseServerErrors() {}

    /** Longest error text kept: the server's message and the start of its stack. */
    private static final int MAX_MESSAGE = 2000;

    /** True when {@code e} is an error whose message client-v2 could not read. */
    public static boolean isUnreadable(Throwable e) {
        return e instanceof ServerException server
                && server.getCode() == ServerException.CODE_UNKNOWN
                && String.valueOf(server.getMessage()).contains("Unreadable");
    }

    /**
     * What the HTTP status of an unreadable error tells, as a suffix for the error's message; empty
     * for errors client-v2 did read.
     */
    public static String hint(ServerException e) {
        if (!isUnreadable(e)) {
            return "";
        }
        String kind =
                switch (e.getTransportProtocolCode()) {
                    case 404 -> "the table or database does not exist (any more)";
                    case 403, 401 -> "the user or password was refused";
                    case 400 -> "the server refused the statement or its data";
                    default -> "a server error";
                };
        return " [HTTP "
                + e.getTransportProtocolCode()
                + ": "
                + kind
                + "; client-v2 cannot read the error messages of servers before 19, see the"
                + " server's log]";
    }

    /**
     * The server's error text for the read {@code sql}, by running it once more at {@code
     * endpoint}; empty when that run succeeds or cannot be made.
     */
    public static Optional<String> messageOfRead(
            ClickHouseConnectionOptions connection, ClickHouseEndpoint endpoint, String sql) {
        try {
            StringBuilder url = new StringBuilder(endpoint.url()).append("/?");
            for (Map.Entry<String, String> setting : connection.settings().entrySet()) {
                url.append(setting.getKey())
                        .append('=')
                        .append(URLEncoder.encode(setting.getValue(), StandardCharsets.UTF_8))
                        .append('&');
            }
            String credentials =
                    Base64.getEncoder()
                            .encodeToString(
                                    (connection.username() + ":" + connection.password())
                                            .getBytes(StandardCharsets.UTF_8));
            HttpClient.Builder client =
                    HttpClient.newBuilder().connectTimeout(connection.connectTimeout());
            if (connection.trustCertificate().isPresent()) {
                client.sslContext(trusting(Path.of(connection.trustCertificate().get())));
            }
            HttpResponse<InputStream> response =
                    client.build()
                            .send(
                                    HttpRequest.newBuilder(URI.create(url.toString()))
                                            .timeout(connection.socketTimeout())
                                            .header("Authorization", "Basic " + credentials)
                                            .POST(HttpRequest.BodyPublishers.ofString(sql))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() < 400) {
                    return Optional.empty();
                }
                String text =
                        new String(body.readNBytes(MAX_MESSAGE), StandardCharsets.UTF_8)
                                .replaceAll("\\s+", " ")
                                .strip();
                return text.isEmpty() ? Optional.empty() : Optional.of(text);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty(); // the original error stands on its own
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (var certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
