package dev.flinkext.connector.redis.source;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import javax.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Hands out the node splits one at a time to readers that ask; then says there are no more. */
final class RedisSplitEnumerator
        implements SplitEnumerator<RedisSourceSplit, List<RedisSourceSplit>> {

    private final SplitEnumeratorContext<RedisSourceSplit> context;
    private final ArrayDeque<RedisSourceSplit> remaining;

    RedisSplitEnumerator(
            SplitEnumeratorContext<RedisSourceSplit> context, Collection<RedisSourceSplit> splits) {
        this.context = context;
        this.remaining = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        RedisSourceSplit split = remaining.poll();
        if (split != null) {
            context.assignSplit(split, subtaskId);
        } else {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<RedisSourceSplit> splits, int subtaskId) {
        remaining.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        // readers ask for splits themselves
    }

    @Override
    public List<RedisSourceSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(remaining);
    }

    @Override
    public void close() {}
}
