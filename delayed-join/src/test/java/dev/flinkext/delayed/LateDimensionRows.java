package dev.flinkext.delayed;

import dev.flinkext.testing.redis.RedisServer;

import redis.clients.jedis.Jedis;

/**
 * The delayed-join tests' dimension in Redis ({@code d:k<id>} = {@code v<id>}, ids 1..300): ids
 * 10-19 are late (written when a test says), ids 30-34 never come.
 */
public final class LateDimensionRows {

    private LateDimensionRows() {}

    public static boolean late(long id) {
        return id >= 10 && id <= 19;
    }

    public static boolean never(long id) {
        return id >= 30 && id <= 34;
    }

    /**
     * The key of stream row {@code id}: {@code k<id>} up to {@code keyed}, then {@code k1} (a tail
     * of on-time rows); with {@code lateShareAKey} the late rows all have key {@code k10}.
     */
    public static String keyOf(long id, long keyed, boolean lateShareAKey) {
        if (id > keyed) {
            return "k1";
        }
        return "k" + (lateShareAKey && late(id) ? 10 : id);
    }

    /** A fresh Redis holding every dimension row but the late and the never ones. */
    public static void writeOnTime(RedisServer redis) {
        redis.flushAll();
        try (Jedis jedis = redis.newJedis()) {
            for (long id = 1; id <= 300; id++) {
                if (!late(id) && !never(id)) {
                    jedis.set("d:k" + id, "v" + id);
                }
            }
        }
    }

    public static void writeLate(RedisServer redis) {
        try (Jedis jedis = redis.newJedis()) {
            for (long id = 10; id <= 19; id++) {
                jedis.set("d:k" + id, "v" + id);
            }
        }
    }
}
