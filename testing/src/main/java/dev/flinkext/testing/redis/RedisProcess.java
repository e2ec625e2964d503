package dev.flinkext.testing.redis;

import dev.flinkext.testing.process.ManagedProcess;
import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.process.TempDirs;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One {@code redis-server} child process on 127.0.0.1 with its own temp folder, started under the
 * {@link ManagedProcess} watchdog and answering PING when {@link #start} returns.
 *
 * <p>Settings go on the command line, except secrets: those go in a config file readable only by
 * the owner, so a password shows neither in {@code ps} nor in start-up errors.
 */
final class RedisProcess implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final ManagedProcess process;
    private final Path dir;
    private final int port;
    private final JedisClientConfig clientConfig;

    private RedisProcess(ManagedProcess process, Path dir, int port, JedisClientConfig config) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.clientConfig = config;
    }

    /** The usual flags of a throw-away data server: loopback, no persistence, data in dir. */
    static List<String> serverArgs(int port, Path dir) {
        return List.of(
                "--port",
                Integer.toString(port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--daemonize",
                "no");
    }

    /**
     * Starts redis-server with {@code configLines} in a config file (first argument) followed by
     * the flags {@code args(dir)}, and waits until it answers PING.
     *
     * @param password the server's requirepass, used for the PING; null for none
     */
    static RedisProcess start(
            String name,
            RedisBinary binary,
            int port,
            List<String> configLines,
            Function<Path, List<String>> args,
            String password)
            throws IOException {
        return start(
                name,
                binary,
                port,
                configLines,
                dir ->
                        new Launch(
                                args.apply(dir),
                                DefaultJedisClientConfig.builder()
                                        .password(password)
                                        .timeoutMillis(5000)
                                        .build()));
    }

    /**
     * Starts redis-server with {@code configLines} in a config file (first argument) followed by
     * the flags that {@code prepare} returns, and waits until it answers PING with the client
     * settings that {@code prepare} returns. {@code prepare} runs once the temp folder exists, so
     * it can write files there (e.g. TLS certificates) that the flags name.
     */
    static RedisProcess start(
            String name,
            RedisBinary binary,
            int port,
            List<String> configLines,
            LaunchPreparation prepare)
            throws IOException {
        Path executable = binary.path();
        Path dir = TempDirs.create(name);
        ManagedProcess process = null;
        try {
            Path config = dir.resolve(name + ".conf");
            Files.write(config, List.of(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            Files.write(config, configLines, StandardCharsets.UTF_8);
            Launch launch = prepare.prepare(dir);
            List<String> command = new ArrayList<>();
            command.add(executable.toString());
            command.add(config.toString());
            command.addAll(launch.args());
            process = ManagedProcess.start(name, command, dir, Map.of());
            RedisProcess redis = new RedisProcess(process, dir, port, launch.clientConfig());
            ManagedProcess started = process;
            Poll.until(
                    name + " (" + binary + ") to answer PING on " + HOST + ":" + port,
                    START_TIMEOUT,
                    started::checkAlive,
                    () -> {
                        try (Jedis jedis = redis.newJedis()) {
                            return "PONG".equals(jedis.ping());
                        }
                    });
            return redis;
        } catch (RuntimeException | IOException e) {
            String where = name + " (" + binary + ") on " + HOST + ":" + port;
            if (process == null) {
                TempDirs.deleteQuietly(dir);
                throw new IllegalStateException("Could not start " + where, e);
            }
            boolean died = !process.isAlive();
            String log = "\nLog tail:\n" + process.logTail(40);
            process.close();
            TempDirs.deleteQuietly(dir);
            // a dead server's log says why; checkAlive's exception would only repeat it
            throw died
                    ? new IllegalStateException(
                            where + " exited during start-up (pid " + process.pid() + ")" + log)
                    : new IllegalStateException("Could not start " + where + log, e);
        }
    }

    /** The flags of one server and the client settings that reach it. */
    record Launch(List<String> args, JedisClientConfig clientConfig) {}

    /** Writes what a server needs into its temp folder and says how to start and reach it. */
    @FunctionalInterface
    interface LaunchPreparation {
        Launch prepare(Path dir) throws IOException;
    }

    /** A config-file line {@code key "value"}, quoted so any character but newline survives. */
    static String configLine(String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(key + " must not contain a line break");
        }
        return key + " \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    int port() {
        return port;
    }

    HostAndPort hostAndPort() {
        return new HostAndPort(HOST, port);
    }

    JedisClientConfig clientConfig() {
        return clientConfig;
    }

    Jedis newJedis() {
        return new Jedis(hostAndPort(), clientConfig);
    }

    long pid() {
        return process.pid();
    }

    Path dir() {
        return dir;
    }

    ManagedProcess process() {
        return process;
    }

    /** The {@code redis_version} field of INFO. */
    String version() {
        try (Jedis jedis = newJedis()) {
            return infoField(jedis.info("server"), "redis_version");
        }
    }

    static String infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new IllegalStateException("INFO has no " + field + ":\n" + info);
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    @Override
    public String toString() {
        return process + " on " + HOST + ":" + port;
    }
}
