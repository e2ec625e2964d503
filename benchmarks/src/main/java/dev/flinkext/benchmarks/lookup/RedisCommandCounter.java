package dev.flinkext.benchmarks.lookup;

import dev.flinkext.testing.redis.RedisServer;

import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The commands a job sent to a Redis cluster: {@code CONFIG RESETSTAT} on every master before the
 * job, then {@code INFO commandstats} (calls per command, summed over the masters) and {@code INFO
 * stats} ({@code keyspace_hits + keyspace_misses}: the keys those commands read) after it.
 * Administrative commands (INFO, CLUSTER, CONFIG, PING, ...) are not counted.
 */
final class RedisCommandCounter {

    private static final Set<String> ADMIN =
            Set.of(
                    "info",
                    "config",
                    "cluster",
                    "ping",
                    "command",
                    "client",
                    "hello",
                    "readonly",
                    "auth",
                    "select",
                    "echo");

    /** Commands (by name) and keys read, summed over the masters. */
    record Counts(TreeMap<String, Long> calls, long keysRead) {
        long commands() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }

        Counts plus(Counts other) {
            TreeMap<String, Long> sum = new TreeMap<>(calls);
            other.calls.forEach((name, n) -> sum.merge(name, n, Long::sum));
            return new Counts(sum, keysRead + other.keysRead);
        }

        Counts times(int factor) {
            TreeMap<String, Long> scaled = new TreeMap<>();
            calls.forEach((name, n) -> scaled.put(name, n * factor));
            return new Counts(scaled, keysRead * factor);
        }

        static Counts none() {
            return new Counts(new TreeMap<>(), 0);
        }
    }

    private final List<RedisServer> masters;

    RedisCommandCounter(List<RedisServer> masters) {
        this.masters = masters;
    }

    void reset() {
        for (RedisServer master : masters) {
            try (Jedis jedis = master.newJedis()) {
                jedis.configResetStat();
            }
        }
    }

    Counts read() {
        TreeMap<String, Long> calls = new TreeMap<>();
        long keysRead = 0;
        for (RedisServer master : masters) {
            try (Jedis jedis = master.newJedis()) {
                for (String line : jedis.info("commandstats").split("\r?\n")) {
                    // cmdstat_mget:calls=12,usec=...
                    if (!line.startsWith("cmdstat_")) {
                        continue;
                    }
                    String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                    if (ADMIN.contains(name) || name.startsWith("config|")) {
                        continue;
                    }
                    String rest = line.substring(line.indexOf("calls=") + "calls=".length());
                    long n = Long.parseLong(rest.substring(0, rest.indexOf(',')));
                    calls.merge(name, n, Long::sum);
                }
                for (String line : jedis.info("stats").split("\r?\n")) {
                    if (line.startsWith("keyspace_hits:") || line.startsWith("keyspace_misses:")) {
                        keysRead += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            }
        }
        return new Counts(calls, keysRead);
    }
}
