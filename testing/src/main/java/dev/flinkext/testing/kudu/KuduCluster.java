package dev.flinkext.testing.kudu;

import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.process.ServerProcesses;
import dev.flinkext.testing.process.TempDirs;

import org.apache.kudu.client.AsyncKuduClient;
import org.apache.kudu.client.HostAndPort;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.test.cluster.MiniKuduCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A running Kudu mini cluster: real {@code kudu master} and {@code kudu tserver} daemons on
 * loopback, driven by Kudu's {@code kudu test mini_cluster} control shell. Close it to stop every
 * process and delete its data.
 *
 * <p>No process outlives a killed JVM: the control shell reads requests from the JVM's pipe and
 * shuts the cluster down when the pipe closes, and Kudu starts each daemon with a parent-death
 * signal, so the daemons die with the control shell. {@code ServerLeakTest} checks this.
 */
public final class KuduCluster implements ServerProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(KuduCluster.class);

    /** Read by MiniKuduCluster's binary locator inside {@code build()}. */
    private static final String KUDU_BIN_DIR_PROPERTY = "kuduBinDir";

    /**
     * The mini cluster gives its CA and servers 768-bit RSA keys to start fast, and the JDK refuses
     * RSA keys under 1024 bits in TLS certificate paths: every Kudu call then fails with {@code
     * CertPathValidatorException: Algorithm constraints check failed on key RSA with size of
     * 768bits}. MiniKuduCluster relaxes {@code jdk.certpath.disabledAlgorithms} and {@code
     * jdk.tls.disabledAlgorithms} in its constructor, but the JDK reads those properties only once,
     * when its TLS classes initialise: if anything in the JVM used TLS before (an HTTPS client, a
     * previous test class, {@code SSLContext.getDefault()}), the relaxation comes too late and
     * cannot be undone. Kudu's own default key size (2048 bits) passes the JDK's default
     * constraints whatever the order; generating the three keys of a 1+1 cluster costs about 0.3 s
     * more start-up here (measured 0.56 s vs 0.80 s on average, noisy).
     */
    static final List<String> TLS_KEY_FLAGS =
            List.of("--ipki_ca_key_size=2048", "--ipki_server_key_size=2048");

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final MiniKuduCluster mini;
    private final Path workDir;
    private final Path clusterRoot;
    private final Path log;
    private final Optional<ProcessHandle> controlShell;
    private KuduClient client;
    private AsyncKuduClient asyncClient;
    private boolean closed;

    private KuduCluster(
            MiniKuduCluster mini,
            Path workDir,
            Path clusterRoot,
            Path log,
            Optional<ProcessHandle> controlShell) {
        this.mini = mini;
        this.workDir = workDir;
        this.clusterRoot = clusterRoot;
        this.log = log;
        this.controlShell = controlShell;
    }

    /** Starts a cluster; see {@link KuduClusterExtension} for the settings. */
    static KuduCluster start(
            int masters, int tabletServers, List<String> masterFlags, List<String> tserverFlags)
            throws IOException {
        long begin = System.nanoTime();
        KuduBinaries binaries = KuduBinaries.get();
        long binariesReady = System.nanoTime();

        Path workDir = TempDirs.create("kudu");
        Path clusterRoot = workDir.resolve("cluster");
        Path log = workDir.resolve("kudu.log");
        Path binDir = binaries.writeLauncher(workDir.resolve("bin"), log);

        MiniKuduCluster.MiniKuduClusterBuilder builder =
                new MiniKuduCluster.MiniKuduClusterBuilder()
                        .numMasterServers(masters)
                        .numTabletServers(tabletServers)
                        .clusterRoot(clusterRoot.toString());
        TLS_KEY_FLAGS.forEach(builder::addMasterServerFlag);
        TLS_KEY_FLAGS.forEach(builder::addTabletServerFlag);
        masterFlags.forEach(builder::addMasterServerFlag);
        tserverFlags.forEach(builder::addTabletServerFlag);

        MiniKuduCluster mini;
        try {
            mini = buildWithBinDir(builder, binDir);
        } catch (IOException | RuntimeException e) {
            killLeftovers(clusterRoot, Optional.empty());
            String tail = tail(log, 40);
            TempDirs.deleteQuietly(workDir);
            throw new IllegalStateException(
                    "Kudu mini cluster ("
                            + describe(masters, tabletServers)
                            + ") failed to start: "
                            + e.getMessage()
                            + "\nLog tail of "
                            + log
                            + ":\n"
                            + tail,
                    e);
        }
        KuduCluster cluster =
                new KuduCluster(mini, workDir, clusterRoot, log, findControlShell(clusterRoot));
        LOG.info(
                "Kudu mini cluster ({}) at {} started in {} ms (binaries ready in {} ms); log {}",
                describe(masters, tabletServers),
                cluster.masterAddresses(),
                (System.nanoTime() - begin) / 1_000_000,
                (binariesReady - begin) / 1_000_000,
                log);
        return cluster;
    }

    /**
     * Builds with {@code kuduBinDir} pointing at our launcher. The property is JVM-wide, so
     * concurrent starts in one JVM take turns.
     */
    private static MiniKuduCluster buildWithBinDir(
            MiniKuduCluster.MiniKuduClusterBuilder builder, Path binDir) throws IOException {
        synchronized (KuduCluster.class) {
            String previous = System.getProperty(KUDU_BIN_DIR_PROPERTY);
            System.setProperty(KUDU_BIN_DIR_PROPERTY, binDir.toString());
            try {
                return builder.build();
            } finally {
                if (previous == null) {
                    System.clearProperty(KUDU_BIN_DIR_PROPERTY);
                } else {
                    System.setProperty(KUDU_BIN_DIR_PROPERTY, previous);
                }
            }
        }
    }

    /** Comma-separated master RPC addresses ({@code host:port}), as Kudu clients take them. */
    public String masterAddresses() {
        return mini.getMasterAddressesAsString();
    }

    public List<HostAndPort> masterServers() {
        return mini.getMasterServers();
    }

    public List<HostAndPort> tabletServers() {
        return mini.getTabletServers();
    }

    /**
     * The web servers of the live tablet servers, as {@code http://host:port} (for their {@code
     * /metrics}), as the master lists them on its {@code /tablet-servers} page; waits until every
     * tablet server has registered. Plain HTTP: no TLS class is loaded (see {@link #TLS_KEY_FLAGS}
     * for why that matters).
     */
    public List<String> tabletServerWebAddresses() {
        checkOpen();
        String master = mini.getMasterWebServerAddressesAsString().split(",")[0];
        int expected = tabletServers().size();
        List<String> found = new ArrayList<>();
        Poll.until(
                expected + " tablet servers on the master's /tablet-servers page",
                Duration.ofSeconds(30),
                () -> {},
                () -> {
                    String page = httpGet("http://" + master + "/tablet-servers?raw");
                    int dead = page.indexOf("\"dead_tservers\"");
                    Matcher target = WEB_TARGET.matcher(dead < 0 ? page : page.substring(0, dead));
                    found.clear();
                    while (target.find()) {
                        found.add(target.group(1));
                    }
                    return found.size() == expected;
                });
        return List.copyOf(found);
    }

    /** A live tablet server's entry on the master's page: {@code "target":"http://h:p"}. */
    private static final Pattern WEB_TARGET = Pattern.compile("\"target\":\"(http://[^\"]+)\"");

    /** The body of a plain-HTTP GET (the Kudu web servers' pages and {@code /metrics}). */
    public static String httpGet(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(30_000);
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    /** A client shared by all callers of this cluster; closed with the cluster. */
    public synchronized KuduClient client() {
        checkOpen();
        if (client == null) {
            client = new KuduClient.KuduClientBuilder(masterAddresses()).build();
        }
        return client;
    }

    /** An asynchronous client shared by all callers of this cluster; closed with the cluster. */
    public synchronized AsyncKuduClient asyncClient() {
        checkOpen();
        if (asyncClient == null) {
            asyncClient = new AsyncKuduClient.AsyncKuduClientBuilder(masterAddresses()).build();
        }
        return asyncClient;
    }

    /**
     * Kudu's own handle on the cluster, for fault injection: kill, pause and restart single masters
     * or tablet servers.
     */
    public MiniKuduCluster miniCluster() {
        return mini;
    }

    /**
     * The process ids of this cluster that are alive now: the control shell and every master and
     * tablet server daemon (found by their data folder on the command line).
     */
    public List<Long> pids() {
        return livePids(clusterRoot, controlShell);
    }

    /** Where the masters' and tablet servers' data lives; deleted on close. */
    public Path clusterRoot() {
        return clusterRoot;
    }

    /** The log of the control shell and of every daemon. */
    public Path log() {
        return log;
    }

    /**
     * Closes the clients, stops every process of the cluster (waiting for them to exit) and deletes
     * its data.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(client);
        closeQuietly(asyncClient);
        try {
            // closes the control shell's stdin; it stops the daemons and exits
            mini.close();
        } finally {
            killLeftovers(clusterRoot, controlShell);
            TempDirs.deleteQuietly(workDir);
        }
    }

    private static Optional<ProcessHandle> findControlShell(Path clusterRoot) {
        return ProcessScan.withArgumentContaining(clusterRoot + "/").stream()
                .map(ProcessHandle::parent)
                .flatMap(Optional::stream)
                .filter(p -> ProcessScan.commandLine(p.pid()).contains("mini_cluster"))
                .findFirst();
    }

    private static List<Long> livePids(Path clusterRoot, Optional<ProcessHandle> controlShell) {
        Set<Long> pids = new LinkedHashSet<>();
        controlShell.filter(ProcessHandle::isAlive).ifPresent(p -> pids.add(p.pid()));
        ProcessScan.withArgumentContaining(clusterRoot + "/").forEach(p -> pids.add(p.pid()));
        return new ArrayList<>(pids);
    }

    /** Waits for the cluster's processes to exit; SIGKILLs those that do not. */
    private static void killLeftovers(Path clusterRoot, Optional<ProcessHandle> controlShell) {
        try {
            Poll.until(
                    "the Kudu processes of " + clusterRoot + " to exit",
                    EXIT_TIMEOUT,
                    () -> {},
                    () -> livePids(clusterRoot, controlShell).isEmpty());
        } catch (IllegalStateException e) {
            List<Long> left = livePids(clusterRoot, controlShell);
            LOG.warn("Kudu processes {} did not exit; killing them", left);
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Could not close a Kudu client", e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The Kudu cluster at " + clusterRoot + " is closed");
        }
    }

    private static String describe(int masters, int tabletServers) {
        return masters
                + (masters == 1 ? " master, " : " masters, ")
                + tabletServers
                + (tabletServers == 1 ? " tablet server" : " tablet servers");
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "KuduCluster(" + masterAddresses() + ", " + clusterRoot + ")";
    }
}
