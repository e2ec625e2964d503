package dev.flinkext.connector.redis.config;

/** How the Redis servers are deployed. */
public enum RedisMode {
    /** One server (or a replica set behind one address). */
    STANDALONE,
    /** Redis Cluster: keys spread over masters by hash slot. */
    CLUSTER,
    /** A master found through Redis Sentinels, followed across failovers. */
    SENTINEL
}
