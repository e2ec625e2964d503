package dev.flinkext.testing.redis;

import dev.flinkext.testing.ServerExtension;

/**
 * Starts a Redis master and one Sentinel monitoring it (as {@value RedisSentinel#MASTER_NAME}) on
 * 127.0.0.1; the Sentinel already reports the master when tests run.
 */
public final class RedisSentinelExtension extends ServerExtension<RedisSentinel> {

    private final RedisBinary binary;
    private boolean withReplica;

    private RedisSentinelExtension(RedisBinary binary) {
        this.binary = binary;
    }

    /**
     * Adds a replica of the master, which the Sentinel promotes when the master dies (failover
     * tests: {@link RedisSentinel#killMaster}, {@link RedisSentinel#awaitFailover}).
     */
    public RedisSentinelExtension withReplica() {
        this.withReplica = true;
        return this;
    }

    /** Redis 6.2 from the binary inside the embedded-redis jar. */
    public static RedisSentinelExtension embedded() {
        return new RedisSentinelExtension(RedisBinary.EMBEDDED);
    }

    /** The machine's {@code redis-server} (apt package {@code redis-server}; 7.0 on bookworm). */
    public static RedisSentinelExtension system() {
        return new RedisSentinelExtension(RedisBinary.SYSTEM);
    }

    @Override
    protected RedisSentinel startServer() throws Exception {
        return RedisSentinel.start(binary, withReplica);
    }

    @Override
    protected String sharingKey() {
        return binary.name() + (withReplica ? ":replica" : "");
    }
}
