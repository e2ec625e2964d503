package dev.flinkext.connector.redis.source;

import dev.flinkext.connector.redis.config.RedisAddress;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The keys of one master node (the one server outside cluster mode), with the scan's position: the
 * SCAN cursor of the current page and how many of that page's rows were already emitted.
 *
 * @param node the node scanned
 * @param cursor the SCAN cursor of the page being read ("0" at the start)
 * @param emittedOfPage rows of that page already emitted (skipped after a restore)
 */
public record RedisSourceSplit(RedisAddress node, String cursor, int emittedOfPage)
        implements SourceSplit {

    /** The cursor of a split whose last row was emitted (SCAN's own end cursor is its start). */
    public static final String DONE = "done";

    /** Whether every row of the split was emitted. */
    public boolean isDone() {
        return DONE.equals(cursor);
    }

    /** A split that starts at the beginning of {@code node}'s keys. */
    public static RedisSourceSplit of(RedisAddress node) {
        return new RedisSourceSplit(node, RedisKeyScanner.START, 0);
    }

    @Override
    public String splitId() {
        return node.toString();
    }
}
