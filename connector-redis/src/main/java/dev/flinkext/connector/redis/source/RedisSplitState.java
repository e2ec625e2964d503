package dev.flinkext.connector.redis.source;

import dev.flinkext.connector.redis.config.RedisAddress;

/** The mutable position of a split being read (see {@link RedisSourceSplit}). */
final class RedisSplitState {
    final RedisAddress node;
    String cursor;
    int emittedOfPage;

    RedisSplitState(RedisSourceSplit split) {
        this.node = split.node();
        this.cursor = split.cursor();
        this.emittedOfPage = split.emittedOfPage();
    }

    RedisSourceSplit toSplit() {
        return new RedisSourceSplit(node, cursor, emittedOfPage);
    }
}
