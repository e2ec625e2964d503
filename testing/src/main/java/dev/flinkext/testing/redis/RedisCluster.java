package dev.flinkext.testing.redis;

import dev.flinkext.testing.process.FreePorts;
import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.process.ServerProcesses;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A running Redis Cluster of masters without replicas on 127.0.0.1, the 16384 slots split into
 * equal consecutive ranges.
 */
public final class RedisCluster implements ServerProcesses {

    static final int SLOTS = 16384;
    private static final int BUS_PORT_OFFSET = 10000;
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisServer> masters;

    private RedisCluster(List<RedisServer> masters) {
        this.masters = List.copyOf(masters);
    }

    /** Starts {@code count} cluster-enabled servers and joins them into one healthy cluster. */
    static RedisCluster start(RedisBinary binary, int count) throws IOException {
        List<RedisServer> masters = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                masters.add(startNode(binary, pickPort(masters)));
            }
            RedisCluster cluster = new RedisCluster(masters);
            cluster.form();
            return cluster;
        } catch (RuntimeException | IOException e) {
            masters.forEach(RedisServer::close);
            throw e;
        }
    }

    /** P and its bus port P+10000 free, and not already taken by an earlier node. */
    private static int pickPort(List<RedisServer> taken) {
        while (true) {
            int port =
                    FreePorts.pickWithCompanion(
                            FreePorts.loopback(RedisProcess.HOST), BUS_PORT_OFFSET);
            boolean clash =
                    taken.stream()
                            .anyMatch(
                                    s ->
                                            Math.abs(s.port() - port) == BUS_PORT_OFFSET
                                                    || s.port() == port);
            if (!clash) {
                return port;
            }
        }
    }

    private static RedisServer startNode(RedisBinary binary, int port) throws IOException {
        return RedisServer.of(
                RedisProcess.start(
                        "redis-cluster-" + port,
                        binary,
                        port,
                        List.of(),
                        dir -> {
                            List<String> args = new ArrayList<>(RedisProcess.serverArgs(port, dir));
                            args.addAll(
                                    List.of(
                                            "--cluster-enabled",
                                            "yes",
                                            "--cluster-config-file",
                                            dir.resolve("nodes-" + port + ".conf").toString()));
                            return args;
                        },
                        null));
    }

    /**
     * What {@code redis-cli --cluster create} does, without redis-cli (the embedded jar has none):
     * slots, distinct config epochs, MEET; then waits until every node sees a healthy cluster.
     */
    private void form() {
        int count = masters.size();
        for (int i = 0; i < count; i++) {
            int from = i * SLOTS / count;
            int to = (i + 1) * SLOTS / count;
            try (Jedis jedis = masters.get(i).newJedis()) {
                // ADDSLOTSRANGE only exists from Redis 7.0
                jedis.clusterAddSlots(IntStream.range(from, to).toArray());
                jedis.clusterSetConfigEpoch(i + 1);
            }
        }
        // every pair meets directly: waiting for gossip to introduce them took seconds more
        for (int i = 0; i < count; i++) {
            try (Jedis jedis = masters.get(i).newJedis()) {
                for (RedisServer other : masters.subList(i + 1, count)) {
                    jedis.clusterMeet(other.host(), other.port());
                }
            }
        }
        // A node reports cluster_state:ok as soon as it has its own slots, before it has heard of
        // the others: clients then get CLUSTERDOWN or MOVED loops. Wait for the full view.
        Poll.until(
                "Redis cluster " + nodes() + " to be ok on every node",
                FORM_TIMEOUT,
                () -> masters.forEach(RedisServer::checkAlive),
                () -> masters.stream().allMatch(m -> seesWholeCluster(m, count)));
    }

    private static boolean seesWholeCluster(RedisServer node, int count) {
        try (Jedis jedis = node.newJedis()) {
            String info = jedis.clusterInfo();
            return "ok".equals(RedisProcess.infoField(info, "cluster_state"))
                    && Integer.parseInt(RedisProcess.infoField(info, "cluster_slots_assigned"))
                            == SLOTS
                    && Integer.parseInt(RedisProcess.infoField(info, "cluster_known_nodes"))
                            == count;
        }
    }

    /** The masters as {@code host:port}, in slot order. */
    public List<String> nodes() {
        return masters.stream().map(RedisServer::address).toList();
    }

    /** The masters' addresses, e.g. as seeds for a cluster client. */
    public Set<HostAndPort> hostAndPorts() {
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        masters.forEach(m -> seeds.add(m.hostAndPort()));
        return seeds;
    }

    /** The masters, in slot order; each can be queried directly (e.g. DBSIZE). */
    public List<RedisServer> masters() {
        return masters;
    }

    /** The master that owns {@code slot} now, as the first master's {@code CLUSTER SLOTS} says. */
    public RedisServer ownerOf(int slot) {
        return ownerOf(slot, masters.get(0));
    }

    /** The master that owns {@code slot} in {@code viewer}'s {@code CLUSTER SLOTS}. */
    RedisServer ownerOf(int slot, RedisServer viewer) {
        try (Jedis jedis = viewer.newJedis()) {
            for (Object range : jedis.clusterSlots()) {
                List<?> entry = (List<?>) range;
                long from = (Long) entry.get(0);
                long to = (Long) entry.get(1);
                if (slot >= from && slot <= to) {
                    int port = ((Long) ((List<?>) entry.get(2)).get(1)).intValue();
                    return masters.stream().filter(m -> m.port() == port).findFirst().orElseThrow();
                }
            }
        }
        throw new IllegalStateException(viewer + " says no master owns slot " + slot);
    }

    /**
     * Starts moving {@code slot} to {@code target} (IMPORTING / MIGRATING); the returned migration
     * moves the keys and ends it step by step.
     */
    public SlotMigration startMigration(int slot, RedisServer target) {
        return SlotMigration.start(this, slot, target);
    }

    /** A hash tag (the text inside {@code {}}) whose slot {@code master} owns now. */
    public String hashTagOn(RedisServer master) {
        for (int i = 0; ; i++) {
            String tag = "t" + i;
            if (ownerOf(JedisClusterCRC16.getSlot(tag)).equals(master)) {
                return tag;
            }
        }
    }

    /** The servers' {@code redis_version}. */
    public String version() {
        return masters.get(0).version();
    }

    /** A new {@link JedisCluster} on this cluster; close it after use. */
    @SuppressWarnings(
            "deprecation") // jedis 7 prefers RedisClusterClient; connectors still use this
    public JedisCluster newJedisCluster() {
        return new JedisCluster(hostAndPorts(), DefaultJedisClientConfig.builder().build());
    }

    /** A new {@link RedisClusterClient} (jedis 7's cluster client); close it after use. */
    public RedisClusterClient newClusterClient() {
        return RedisClusterClient.create(hostAndPorts());
    }

    /** Deletes every key on every master. */
    public void flushAll() {
        masters.forEach(RedisServer::flushAll);
    }

    /** The pids of every redis-server process of the cluster. */
    public List<Long> pids() {
        return masters.stream().map(RedisServer::pid).toList();
    }

    /** Stops every node and deletes their temp folders. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (RedisServer master : masters) {
            try {
                master.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Redis " + version() + " cluster " + nodes();
    }
}
