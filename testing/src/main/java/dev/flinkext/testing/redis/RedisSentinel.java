package dev.flinkext.testing.redis;

import dev.flinkext.testing.process.FreePorts;
import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.process.ServerProcesses;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A running Redis master watched by one Sentinel, both on 127.0.0.1. */
public final class RedisSentinel implements ServerProcesses {

    /** The name under which the Sentinel monitors the master. */
    public static final String MASTER_NAME = "mymaster";

    private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);

    private final RedisServer master;
    private final RedisProcess sentinel;

    private RedisSentinel(RedisServer master, RedisProcess sentinel) {
        this.master = master;
        this.sentinel = sentinel;
    }

    /** Starts a master, then a Sentinel monitoring it, and waits until the Sentinel sees it. */
    static RedisSentinel start(RedisBinary binary) throws IOException {
        RedisServer master = RedisServer.start(binary, null);
        RedisProcess sentinel = null;
        try {
            sentinel = startSentinel(binary, master);
            RedisSentinel started = new RedisSentinel(master, sentinel);
            started.awaitMasterSeen();
            return started;
        } catch (RuntimeException | IOException e) {
            if (sentinel != null) {
                sentinel.close();
            }
            master.close();
            throw e;
        }
    }

    private static RedisProcess startSentinel(RedisBinary binary, RedisServer master)
            throws IOException {
        int port = FreePorts.pick();
        // Sentinel rewrites its config file (known replicas, epochs): it lives in the temp dir.
        List<String> config =
                List.of(
                        "port " + port,
                        "bind " + RedisProcess.HOST,
                        "daemonize no",
                        "sentinel monitor "
                                + MASTER_NAME
                                + " "
                                + master.host()
                                + " "
                                + master.port()
                                + " 1",
                        "sentinel down-after-milliseconds " + MASTER_NAME + " 5000");
        return RedisProcess.start(
                "redis-sentinel-" + port,
                binary,
                port,
                config,
                dir -> List.of("--sentinel", "--dir", dir.toString()),
                null);
    }

    /**
     * Until the Sentinel names our master, flags it plain "master" (not down) and has talked to it.
     */
    private void awaitMasterSeen() {
        Poll.until(
                "Sentinel " + sentinelAddress() + " to see master " + master.address(),
                DISCOVERY_TIMEOUT,
                () -> {
                    master.checkAlive();
                    sentinel.process().checkAlive();
                },
                () -> {
                    try (Jedis jedis = sentinel.newJedis()) {
                        Map<String, String> state = jedis.sentinelMaster(MASTER_NAME);
                        // runid stays empty until the Sentinel got the master's INFO reply
                        return "master".equals(state.get("flags"))
                                && !state.getOrDefault("runid", "").isEmpty()
                                && jedis.sentinelGetMasterAddrByName(MASTER_NAME)
                                        .equals(List.of(master.host(), "" + master.port()));
                    }
                });
    }

    /** The name the Sentinel knows the master by ({@value #MASTER_NAME}). */
    public String masterName() {
        return MASTER_NAME;
    }

    /** The Sentinels as {@code host:port} (the form JedisSentinelPool takes). */
    public Set<String> sentinels() {
        return Set.of(sentinelAddress());
    }

    /** The Sentinels' addresses. */
    public Set<HostAndPort> sentinelHostAndPorts() {
        return Set.of(sentinel.hostAndPort());
    }

    /** The master the Sentinel monitors. */
    public RedisServer master() {
        return master;
    }

    /** A connection to the Sentinel itself (for SENTINEL commands); close it after use. */
    public Jedis newSentinelJedis() {
        return sentinel.newJedis();
    }

    /** A pool that finds the master through the Sentinel; close it after use. */
    @SuppressWarnings("deprecation") // jedis 7 prefers RedisSentinelClient; connectors use this
    public JedisSentinelPool newSentinelPool() {
        return new JedisSentinelPool(MASTER_NAME, sentinels());
    }

    /** The servers' {@code redis_version}. */
    public String version() {
        return master.version();
    }

    /** The pids of the master and the Sentinel processes. */
    public List<Long> pids() {
        return List.of(master.pid(), sentinel.pid());
    }

    /** Stops the Sentinel, then the master, and deletes their temp folders. */
    @Override
    public void close() {
        try {
            sentinel.close();
        } finally {
            master.close();
        }
    }

    private String sentinelAddress() {
        return RedisProcess.HOST + ":" + sentinel.port();
    }

    @Override
    public String toString() {
        return "Redis "
                + version()
                + " master "
                + master.address()
                + " + Sentinel "
                + sentinelAddress();
    }
}
