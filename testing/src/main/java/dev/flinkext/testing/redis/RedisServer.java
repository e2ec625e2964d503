package dev.flinkext.testing.redis;

import dev.flinkext.testing.process.FreePorts;
import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.process.ServerProcesses;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A running Redis server on 127.0.0.1 (standalone, or one master of a cluster). */
public final class RedisServer implements ServerProcesses {

    private final RedisProcess process;
    private final String password;
    private final String version;
    private final RedisTls tls;

    private RedisServer(RedisProcess process, String password, RedisTls tls) {
        this.process = process;
        this.password = password;
        this.tls = tls;
        this.version = process.version();
    }

    /** Starts a standalone server on a free port; {@code password} may be null. */
    static RedisServer start(RedisBinary binary, String password) throws IOException {
        return start(binary, password, null);
    }

    /**
     * Starts a standalone server on a free port; {@code password} may be null. With {@code tls},
     * the server speaks only TLS (plain port 0) with certificates made for it in its temp folder.
     */
    static RedisServer start(RedisBinary binary, String password, TlsSettings tls)
            throws IOException {
        int port = FreePorts.pick();
        List<String> config = new ArrayList<>();
        if (password != null) {
            config.add(RedisProcess.configLine("requirepass", password));
        }
        RedisTls[] material = new RedisTls[1];
        RedisProcess process =
                RedisProcess.start(
                        (tls == null ? "redis-" : "redis-tls-") + port,
                        binary,
                        port,
                        config,
                        dir -> {
                            DefaultJedisClientConfig.Builder client =
                                    DefaultJedisClientConfig.builder()
                                            .password(password)
                                            .timeoutMillis(5000);
                            if (tls == null) {
                                return new RedisProcess.Launch(
                                        RedisProcess.serverArgs(port, dir), client.build());
                            }
                            RedisTls generated =
                                    RedisTls.generate(dir, tls.hostNames(), tls.clientAuth());
                            material[0] = generated;
                            List<String> args = new ArrayList<>(RedisProcess.serverArgs(0, dir));
                            args.addAll(generated.serverArgs(port));
                            client.ssl(true)
                                    .sslSocketFactory(generated.sslSocketFactory())
                                    .sslParameters(generated.sslParameters(RedisProcess.HOST));
                            return new RedisProcess.Launch(args, client.build());
                        });
        return new RedisServer(process, password, material[0]);
    }

    /** Starts a server on a free port that replicates {@code master} (no password, no TLS). */
    static RedisServer startReplica(RedisBinary binary, RedisServer master) throws IOException {
        int port = FreePorts.pick();
        return of(
                RedisProcess.start(
                        "redis-replica-" + port,
                        binary,
                        port,
                        List.of(),
                        dir -> {
                            List<String> args = new ArrayList<>(RedisProcess.serverArgs(port, dir));
                            args.addAll(
                                    List.of(
                                            "--replicaof",
                                            master.host(),
                                            Integer.toString(master.port())));
                            return args;
                        },
                        null));
    }

    /** The {@code role} field of {@code INFO replication}: {@code master} or {@code slave}. */
    public String role() {
        try (Jedis jedis = newJedis()) {
            return RedisProcess.infoField(jedis.info("replication"), "role");
        }
    }

    /** Kills the server with SIGKILL, as a crash would; {@link #close()} still cleans up. */
    public void kill() {
        ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
        Poll.until(
                this + " to die",
                RedisProcess.START_TIMEOUT,
                () -> {},
                () -> ProcessHandle.of(pid()).filter(ProcessHandle::isAlive).isEmpty());
    }

    /** Wraps a process started by a cluster or sentinel set-up. */
    static RedisServer of(RedisProcess process) {
        return new RedisServer(process, null, null);
    }

    /** How a TLS server is set up: its certificate's names and whether clients need one. */
    record TlsSettings(List<String> hostNames, RedisTlsClientAuth clientAuth) {
        TlsSettings {
            hostNames = List.copyOf(hostNames);
        }
    }

    public String host() {
        return RedisProcess.HOST;
    }

    /** The port clients connect to: the TLS port on a {@link #isTls() TLS} server. */
    public int port() {
        return process.port();
    }

    /** Whether the server speaks TLS only (started with {@code RedisServerExtension.tls()}). */
    public boolean isTls() {
        return tls != null;
    }

    /** The TLS port (the server has no plain port then); fails when TLS is off. */
    public int tlsPort() {
        tls();
        return process.port();
    }

    /** Certificates and stores of a TLS server; fails when TLS is off. */
    public RedisTls tls() {
        if (tls == null) {
            throw new IllegalStateException(
                    this + " has no TLS: start it with RedisServerExtension.system().tls()");
        }
        return tls;
    }

    public HostAndPort hostAndPort() {
        return process.hostAndPort();
    }

    /** {@code host:port}. */
    public String address() {
        return host() + ":" + port();
    }

    /** The server's {@code redis_version}, e.g. 6.2.6 or 7.0.15. */
    public String version() {
        return version;
    }

    /** The password the server requires, if one was set. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Client settings for this server (password and, with TLS, the test CA and client key). */
    public JedisClientConfig clientConfig() {
        return process.clientConfig();
    }

    /** A new connection, authenticated when the server has a password; close it after use. */
    public Jedis newJedis() {
        return process.newJedis();
    }

    /** Deletes every key, e.g. between tests that share the server. */
    public void flushAll() {
        try (Jedis jedis = newJedis()) {
            jedis.flushAll();
        }
    }

    /**
     * How often the server ran {@code command} (lower case, e.g. {@code mget}, {@code asking})
     * since start or {@link #resetStats()}: {@code INFO commandstats}. Tests count batches with it.
     */
    public long commandCalls(String command) {
        try (Jedis jedis = newJedis()) {
            String prefix = "cmdstat_" + command.toLowerCase(java.util.Locale.ROOT) + ":calls=";
            for (String line : jedis.info("commandstats").split("\r?\n")) {
                if (line.startsWith(prefix)) {
                    return Long.parseLong(line.substring(prefix.length()).split(",")[0]);
                }
            }
            return 0;
        }
    }

    /**
     * How many error replies starting with {@code prefix} (e.g. {@code MOVED}, {@code ASK}) the
     * server sent since start or {@link #resetStats()}: {@code INFO errorstats} (Redis 6.2+).
     */
    public long errorReplies(String prefix) {
        try (Jedis jedis = newJedis()) {
            String field = "errorstat_" + prefix + ":count=";
            for (String line : jedis.info("errorstats").split("\r?\n")) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim());
                }
            }
            return 0;
        }
    }

    /** Zeroes the command and error statistics ({@code CONFIG RESETSTAT}). */
    public void resetStats() {
        try (Jedis jedis = newJedis()) {
            jedis.configResetStat();
        }
    }

    /** The pid of the redis-server process (not of its watchdog). */
    public long pid() {
        return process.pid();
    }

    /** The pids of every process of this server (here: one). */
    public List<Long> pids() {
        return List.of(process.pid());
    }

    /** Fails with the log tail when the process has died (for readiness polls). */
    void checkAlive() {
        process.process().checkAlive();
    }

    /** Stops the server and deletes its temp folder. */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "Redis "
                + version
                + " on "
                + address()
                + (tls == null ? "" : " with " + tls)
                + (password == null ? "" : " (password set)");
    }
}
