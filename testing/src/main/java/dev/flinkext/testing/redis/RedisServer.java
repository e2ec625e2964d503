package dev.flinkext.testing.redis;

import dev.flinkext.testing.process.FreePorts;
import dev.flinkext.testing.process.ServerProcesses;

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

    private RedisServer(RedisProcess process, String password) {
        this.process = process;
        this.password = password;
        this.version = process.version();
    }

    /** Starts a standalone server on a free port; {@code password} may be null. */
    static RedisServer start(RedisBinary binary, String password) throws IOException {
        int port = FreePorts.pick();
        List<String> config = new ArrayList<>();
        if (password != null) {
            config.add(RedisProcess.configLine("requirepass", password));
        }
        return new RedisServer(
                RedisProcess.start(
                        "redis-" + port,
                        binary,
                        port,
                        config,
                        dir -> RedisProcess.serverArgs(port, dir),
                        password),
                password);
    }

    /** Wraps a process started by a cluster or sentinel set-up. */
    static RedisServer of(RedisProcess process) {
        return new RedisServer(process, null);
    }

    public String host() {
        return RedisProcess.HOST;
    }

    public int port() {
        return process.port();
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

    /** Client settings for this server (password included). */
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
                + (password == null ? "" : " (password set)");
    }
}
