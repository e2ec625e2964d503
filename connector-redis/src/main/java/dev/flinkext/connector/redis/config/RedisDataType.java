package dev.flinkext.connector.redis.config;

/** The Redis structure a table's rows map to. */
public enum RedisDataType {
    /** One value per key: SET / DEL. */
    STRING,
    /** Field-value pairs per key: HSET / HDEL / DEL. */
    HASH,
    /** A list per key: RPUSH or LPUSH / LREM. */
    LIST,
    /** A set per key: SADD / SREM. */
    SET,
    /** A sorted set per key: ZADD / ZREM, or ZINCRBY in increment mode. */
    SORTED_SET,
    /** A number per key: INCRBY / INCRBYFLOAT (retractions subtract). */
    COUNTER,
    /** Numbers in hash fields: HINCRBY / HINCRBYFLOAT (retractions subtract). */
    HASH_COUNTER,
    /** A pub/sub message per row: PUBLISH. */
    PUBLISH;

    /** Whether a row maps to one whole key that a later row overwrites (upsert semantics). */
    public boolean isUpsert() {
        return this == STRING || this == HASH;
    }
}
