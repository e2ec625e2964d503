package dev.flinkext.connector.kudu.source;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import javax.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Hands out the tablet splits one at a time to readers that ask, so a reader that finishes early
 * takes more; then tells each asking reader there are no more. Splits of a failed reader come back
 * with their position and go to the next reader that asks.
 */
final class KuduSplitEnumerator implements SplitEnumerator<KuduSourceSplit, List<KuduSourceSplit>> {

    private final SplitEnumeratorContext<KuduSourceSplit> context;
    private final ArrayDeque<KuduSourceSplit> remaining;

    KuduSplitEnumerator(
            SplitEnumeratorContext<KuduSourceSplit> context, Collection<KuduSourceSplit> splits) {
        this.context = context;
        this.remaining = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        KuduSourceSplit split = remaining.poll();
        if (split != null) {
            context.assignSplit(split, subtaskId);
        } else {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<KuduSourceSplit> splits, int subtaskId) {
        remaining.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        // readers ask for splits themselves
    }

    @Override
    public List<KuduSourceSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(remaining);
    }

    @Override
    public void close() {}
}
