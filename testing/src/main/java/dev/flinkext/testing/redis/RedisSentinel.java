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

/**
 * A running Redis master watched by one Sentinel, all on 127.0.0.1; optionally with one replica,
 * which the Sentinel promotes when the master dies ({@link #killMaster}, {@link #awaitFailover}).
 */
public final class RedisSentinel implements ServerProcesses {

    /** The name under which the Sentinel monitors the master. */
    public static final String MASTER_NAME = "mymaster";

    private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);

    /** How long the Sentinel waits before it calls a silent master down. */
    private static final int DOWN_AFTER_MS = 5000;

    /** With a replica to promote, a dead master is noticed sooner: failover tests stay short. */
    private static final int DOWN_AFTER_MS_WITH_REPLICA = 1000;

    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(60);

    private final RedisServer master;
    private final RedisServer replica;
    private final RedisProcess sentinel;

    private RedisSentinel(RedisServer master, RedisServer replica, RedisProcess sentinel) {
        this.master = master;
        this.replica = replica;
        this.sentinel = sentinel;
    }

    /**
     * Starts a master (and a replica of it, if asked), then a Sentinel monitoring it, and waits
     * until the Sentinel sees them.
     */
    static RedisSentinel start(RedisBinary binary, boolean withReplica) throws IOException {
        RedisServer master = RedisServer.start(binary, null);
        RedisServer replica = null;
        RedisProcess sentinel = null;
        try {
            if (withReplica) {
                replica = RedisServer.startReplica(binary, master);
                // in sync before the Sentinel starts: its first INFO of the master then lists the
                // replica (it asks again only every 10 s)
                awaitInSync(master, replica);
            }
            sentinel =
                    startSentinel(
                            binary,
                            master,
                            withReplica ? DOWN_AFTER_MS_WITH_REPLICA : DOWN_AFTER_MS);
            RedisSentinel started = new RedisSentinel(master, replica, sentinel);
            started.awaitMasterSeen();
            return started;
        } catch (RuntimeException | IOException e) {
            if (sentinel != null) {
                sentinel.close();
            }
            if (replica != null) {
                replica.close();
            }
            master.close();
            throw e;
        }
    }

    private static void awaitInSync(RedisServer master, RedisServer replica) {
        Poll.until(
                "replica " + replica.address() + " to sync with " + master.address(),
                DISCOVERY_TIMEOUT,
                () -> {
                    master.checkAlive();
                    replica.checkAlive();
                },
                () -> {
                    try (Jedis jedis = replica.newJedis()) {
                        return "up"
                                .equals(
                                        RedisProcess.infoField(
                                                jedis.info("replication"), "master_link_status"));
                    }
                });
    }

    private static RedisProcess startSentinel(
            RedisBinary binary, RedisServer master, int downAfterMs) throws IOException {
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
                        "sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfterMs,
                        "sentinel failover-timeout " + MASTER_NAME + " 10000");
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
                                && Integer.parseInt(state.getOrDefault("num-slaves", "0"))
                                        == (replica == null ? 0 : 1)
                                && jedis.sentinelGetMasterAddrByName(MASTER_NAME)
                                        .equals(List.of(master.host(), "" + master.port()));
                    }
                });
    }

    /** The replica the Sentinel promotes when the master dies; fails without one. */
    public RedisServer replica() {
        if (replica == null) {
            throw new IllegalStateException(
                    this + " has no replica: use RedisSentinelExtension.embedded().withReplica()");
        }
        return replica;
    }

    /** Kills the master process (SIGKILL), as a crash would; the Sentinel then fails over. */
    public void killMaster() {
        replica(); // a failover needs a replica to promote
        master.kill();
    }

    /**
     * Waits until the Sentinel names the replica as master and the replica answers as one; returns
     * the new master.
     */
    public RedisServer awaitFailover() {
        RedisServer promoted = replica();
        Poll.until(
                "Sentinel " + sentinelAddress() + " to promote " + promoted.address(),
                FAILOVER_TIMEOUT,
                () -> {
                    promoted.checkAlive();
                    sentinel.process().checkAlive();
                },
                () -> {
                    try (Jedis jedis = sentinel.newJedis()) {
                        return jedis.sentinelGetMasterAddrByName(MASTER_NAME)
                                        .equals(List.of(promoted.host(), "" + promoted.port()))
                                && "master".equals(promoted.role());
                    }
                });
        return promoted;
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

    /** The pids of the master, the replica (if any) and the Sentinel processes. */
    public List<Long> pids() {
        return replica == null
                ? List.of(master.pid(), sentinel.pid())
                : List.of(master.pid(), replica.pid(), sentinel.pid());
    }

    /** Stops the Sentinel, then the replica and the master, and deletes their temp folders. */
    @Override
    public void close() {
        try {
            sentinel.close();
        } finally {
            try {
                if (replica != null) {
                    replica.close();
                }
            } finally {
                master.close();
            }
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
                + (replica == null ? "" : " (replica " + replica.address() + ")")
                + " + Sentinel "
                + sentinelAddress();
    }
}
