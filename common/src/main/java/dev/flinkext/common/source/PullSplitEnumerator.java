package dev.flinkext.common.source;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import javax.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The enumerator of a bounded source whose splits are all known at the start (a store's nodes,
 * tablets, shards): hands them out one at a time to readers that ask, so a reader that finishes
 * early takes more, then tells each asking reader there are no more. Splits of a failed reader come
 * back with their position and go to the next reader that asks. Its checkpointed state is the
 * splits not handed out yet ({@link SplitListSerializer}).
 *
 * @param <SplitT> the source's split
 */
public final class PullSplitEnumerator<SplitT extends SourceSplit>
        implements SplitEnumerator<SplitT, List<SplitT>> {

    private final SplitEnumeratorContext<SplitT> context;
    private final ArrayDeque<SplitT> remaining;

    public PullSplitEnumerator(SplitEnumeratorContext<SplitT> context, Collection<SplitT> splits) {
        this.context = context;
        this.remaining = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        SplitT split = remaining.poll();
        if (split != null) {
            context.assignSplit(split, subtaskId);
        } else {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<SplitT> splits, int subtaskId) {
        remaining.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        // readers ask for splits themselves
    }

    @Override
    public List<SplitT> snapshotState(long checkpointId) {
        return new ArrayList<>(remaining);
    }

    @Override
    public void close() {}
}
