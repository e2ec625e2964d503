package dev.flinkext.connector.redis.config;

import java.io.Serializable;

import static dev.flinkext.connector.redis.config.Checks.check;

/**
 * The connection pool per node ('pool.*').
 *
 * @param maxTotal connections at most, at least 1
 * @param maxIdle idle connections kept at most
 * @param minIdle idle connections kept at least, in 0..maxIdle
 */
public record RedisPoolOptions(int maxTotal, int maxIdle, int minIdle) implements Serializable {

    /** The defaults of the 'pool.*' options: 8 connections, up to 8 idle, none kept idle. */
    public static final RedisPoolOptions DEFAULT = new RedisPoolOptions(8, 8, 0);

    public RedisPoolOptions {
        check(maxTotal >= 1, "Option 'pool.max-total' must be >= 1, got " + maxTotal + ".");
        check(
                minIdle >= 0 && minIdle <= maxIdle,
                "Options 'pool.min-idle' ("
                        + minIdle
                        + ") and 'pool.max-idle' ("
                        + maxIdle
                        + ") need 0 <= min-idle <= max-idle.");
    }

    @Override
    public String toString() {
        return minIdle + ".." + maxIdle + "/" + maxTotal;
    }
}
