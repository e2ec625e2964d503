package dev.flinkext.testing.clickhouse;

import dev.flinkext.testing.process.ManagedProcess;
import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.process.ServerProcesses;
import dev.flinkext.testing.process.TempDirs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A running ClickHouse server (a child process on a loopback address), with minimal HTTP helpers
 * built on the JDK's HTTP client. Real client libraries belong to the connector's own tests.
 *
 * <p>Close it to stop the server and delete its data.
 */
public final class ClickHouseServer implements ServerProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(5);

    /**
     * SIGTERM to SIGKILL. 18.16 exits in well under a second on SIGTERM, unless a client still
     * holds an idle HTTP keep-alive connection: then it waits for that connection to time out. The
     * data is thrown away, so there is nothing to lose by killing it.
     */
    private static final int STOP_GRACE_SECONDS = 1;

    private static final Duration STOP_GRACE = Duration.ofSeconds(STOP_GRACE_SECONDS);

    private final String host;
    private final ClickHousePorts ports;
    private final String clusterName;
    private final Path dir;
    private final Path binary;
    private final Path config;
    private volatile ManagedProcess process;
    private final HttpClient http;
    private String version;
    private boolean closed;

    private ClickHouseServer(
            String host,
            ClickHousePorts ports,
            String clusterName,
            Path dir,
            Path binary,
            Path config,
            ManagedProcess process) {
        this.host = host;
        this.ports = ports;
        this.clusterName = clusterName;
        this.dir = dir;
        this.binary = binary;
        this.config = config;
        this.process = process;
        this.http =
                HttpClient.newBuilder()
                        // no h2c upgrade attempts against this old server
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
    }

    /**
     * Starts {@code binary} on {@code host} with a {@code remote_servers} cluster of {@code shards}
     * and waits until it answers {@code /ping}.
     *
     * @throws PortTakenException when another process took one of the ports first (retry)
     */
    static ClickHouseServer start(
            Path binary,
            String host,
            ClickHousePorts ports,
            String clusterName,
            List<ClickHouseConfigFiles.Shard> shards,
            @Nullable ClickHouseConfigFiles.Replication replication)
            throws IOException {
        Path dir = TempDirs.create("clickhouse");
        ManagedProcess process;
        Path config;
        long startNanos = System.nanoTime();
        try {
            config =
                    ClickHouseConfigFiles.write(dir, host, ports, clusterName, shards, replication);
            process = launch(binary, config, dir);
        } catch (IOException | RuntimeException e) {
            TempDirs.deleteQuietly(dir);
            throw e;
        }
        ClickHouseServer server =
                new ClickHouseServer(host, ports, clusterName, dir, binary, config, process);
        try {
            server.awaitReady();
            server.version = server.query("SELECT version()").get(0).get(0);
        } catch (RuntimeException e) {
            String logs = server.logTails();
            server.close();
            if (e instanceof PortTakenException) {
                throw e;
            }
            throw new IllegalStateException(
                    "ClickHouse on " + server.httpAddress() + " did not start: " + logs, e);
        }
        LOG.info(
                "ClickHouse {} ready on {} (http {}, tcp {}) in {} ms, pid {}, dir {}",
                server.version,
                host,
                ports.http(),
                ports.tcp(),
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis(),
                process.pid(),
                dir);
        return server;
    }

    private static ManagedProcess launch(Path binary, Path config, Path dir) throws IOException {
        return ManagedProcess.start(
                "clickhouse-server",
                List.of(binary.toString(), "--config-file=" + config),
                dir,
                Map.of(),
                STOP_GRACE);
    }

    private void awaitReady() {
        Poll.until(
                "ClickHouse /ping on " + httpAddress(),
                START_TIMEOUT,
                this::checkAlive,
                this::ping);
    }

    /**
     * Stops the server process (SIGTERM, SIGKILL after {@value #STOP_GRACE_SECONDS} s) but keeps
     * its folder, ports and data: {@link #restart()} brings the same server back. For fault tests.
     */
    public synchronized void stop() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        process.close();
    }

    /** Whether the server process is running (false after {@link #stop()}). */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Starts the server again after {@link #stop()}, on the same address, ports and data folder,
     * and waits until it answers {@code /ping}. Fails when another process took one of its ports in
     * the meantime.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        if (process.isAlive()) {
            throw new IllegalStateException(this + " is still running: stop() it first");
        }
        long startNanos = System.nanoTime();
        try {
            process = launch(binary, config, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restart " + this, e);
        }
        try {
            awaitReady();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "ClickHouse on " + httpAddress() + " did not restart: " + logTails(), e);
        }
        LOG.info(
                "ClickHouse restarted on {} in {} ms, pid {}",
                httpAddress(),
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis(),
                process.pid());
    }

    /** The loopback address the server listens on, e.g. {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    public int httpPort() {
        return ports.http();
    }

    /** The native protocol port (used by Distributed tables and native clients). */
    public int tcpPort() {
        return ports.tcp();
    }

    public int interserverHttpPort() {
        return ports.interserverHttp();
    }

    /** {@code http://host:httpPort}, without a trailing slash. */
    public String httpUrl() {
        return "http://" + httpAddress();
    }

    /** The name of the {@code remote_servers} cluster this server knows. */
    public String clusterName() {
        return clusterName;
    }

    /** What {@code SELECT version()} says, e.g. {@code 18.16.1}. */
    public String version() {
        return version;
    }

    /** The server's process id (not its watchdog's). */
    public long pid() {
        return process.pid();
    }

    @Override
    public List<Long> pids() {
        return List.of(process.pid());
    }

    /** The folder holding the server's config, data and logs; deleted on close. */
    public Path directory() {
        return dir;
    }

    /** Runs a statement (DDL, INSERT ... VALUES, ...); fails with the server's error text. */
    public void execute(String sql) {
        execute(sql, Map.of());
    }

    /** Runs a statement with query-level settings, e.g. {@code insert_distributed_sync=1}. */
    public void execute(String sql, Map<String, String> settings) {
        send(sql, settings, null, sql);
    }

    /**
     * Runs {@code insertSql} (e.g. {@code INSERT INTO t FORMAT TabSeparated}) with {@code data} as
     * the request body.
     */
    public void insert(String insertSql, String data, Map<String, String> settings) {
        send(data, settings, insertSql, insertSql);
    }

    /** Runs {@code insertSql} with {@code data} as the request body. */
    public void insert(String insertSql, String data) {
        insert(insertSql, data, Map.of());
    }

    /**
     * The rows of a query without a FORMAT clause (the server answers TabSeparated); SQL NULL comes
     * back as {@code null}.
     */
    public List<List<String>> query(String sql) {
        return TabSeparated.parse(queryText(sql, Map.of()));
    }

    /**
     * The SELECTs of {@code default.<table>} this server logged as started, oldest first (as the
     * connector names tables: {@code `default`.`table`}); needs {@code log_queries=1} on the
     * queries (e.g. the connector's {@code properties.log_queries}) and the test servers' {@code
     * query_log}. Flushes the server's logs first.
     */
    public List<String> loggedSelectsOf(String table) {
        execute("SYSTEM FLUSH LOGS");
        List<String> queries = new java.util.ArrayList<>();
        for (List<String> row :
                query(
                        "SELECT query FROM system.query_log WHERE type = 1 AND query LIKE"
                                + " 'SELECT %FROM `default`.`"
                                + table
                                + "`%' ORDER BY event_time")) {
            queries.add(row.get(0));
        }
        return queries;
    }

    /**
     * As {@link #loggedSelectsOf}, once at least {@code expected} are logged or 15 s passed (a log
     * flush has been seen to miss entries a later flush wrote): a count below or above {@code
     * expected} then still fails a test's equality.
     */
    public List<String> loggedSelectsOf(String table, int expected) {
        List<String> queries = loggedSelectsOf(table);
        for (int i = 0; i < 150 && queries.size() < expected; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            queries = loggedSelectsOf(table);
        }
        return queries;
    }

    /** The raw response body of a query, in whatever format it asks for. */
    public String queryText(String sql) {
        return queryText(sql, Map.of());
    }

    /** The raw response body of a query run with query-level settings. */
    public String queryText(String sql, Map<String, String> settings) {
        return send(sql, settings, null, sql);
    }

    private String send(String body, Map<String, String> settings, String query, String sql) {
        StringBuilder url = new StringBuilder(httpUrl()).append("/?");
        if (query != null) {
            url.append("query=").append(encode(query)).append('&');
        }
        settings.forEach(
                (name, value) ->
                        url.append(encode(name)).append('=').append(encode(value)).append('&'));
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url.substring(0, url.length() - 1)))
                        .timeout(QUERY_TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build();
        HttpResponse<String> response;
        try {
            response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "ClickHouse on " + httpAddress() + " unreachable for: " + abbreviate(sql), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during: " + abbreviate(sql), e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "ClickHouse on "
                            + httpAddress()
                            + " answered HTTP "
                            + response.statusCode()
                            + ": "
                            + response.body().strip()
                            + "\nSQL: "
                            + abbreviate(sql));
        }
        return response.body();
    }

    private boolean ping() throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(httpUrl() + "/ping"))
                        .timeout(Duration.ofSeconds(2))
                        .GET()
                        .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().strip().equals("Ok.");
    }

    /** Fails at once, with the logs, when the server process has died during start-up. */
    private void checkAlive() {
        if (process.isAlive()) {
            return;
        }
        String logs = logTails();
        String message =
                "clickhouse-server on " + httpAddress() + " (pid " + pid() + ") exited: " + logs;
        if (logs.contains("Address already in use")) {
            throw new PortTakenException(message);
        }
        throw new IllegalStateException(message);
    }

    private String logTails() {
        Path logDir = dir.resolve(ClickHouseConfigFiles.LOG_DIR);
        return "\n--- "
                + logDir.resolve(ClickHouseConfigFiles.ERROR_LOG_FILE)
                + " ---\n"
                + tail(logDir.resolve(ClickHouseConfigFiles.ERROR_LOG_FILE), 30)
                + "\n--- "
                + process.log()
                + " ---\n"
                + process.logTail(10);
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private String httpAddress() {
        return host + ":" + ports.http();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 2000
                ? sql
                : sql.substring(0, 2000) + "... (" + sql.length() + " chars)";
    }

    /** Stops the server (SIGTERM, SIGKILL after a grace period) and deletes its folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.close();
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    @Override
    public String toString() {
        return "ClickHouseServer("
                + httpAddress()
                + ", tcp "
                + ports.tcp()
                + ", pid "
                + pid()
                + ")";
    }

    /** Start-up failed because another process bound one of the chosen ports first. */
    static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
