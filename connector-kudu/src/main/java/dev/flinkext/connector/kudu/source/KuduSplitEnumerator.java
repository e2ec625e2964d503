package dev.flinkext.connector.kudu.source;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Hands a Kudu scan's splits, one per tablet, to the readers that ask, one at a time. A bounded
 * scan tells an asking reader there are no more once all are out. A continuous scan never does:
 * readers keep asking until they are refused, and wait; with discovery on, the masters are asked
 * for the table's tablets every interval ({@link SplitEnumeratorContext#callAsync}, off the
 * coordinator thread), a tablet not known yet (a range partition added) becomes a split for a
 * waiting reader, and known tablets no longer listed (dropped) are announced to every reader
 * ({@link KuduTabletsDropped}), which ends them.
 */
final class KuduSplitEnumerator implements SplitEnumerator<KuduSourceSplit, KuduEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(KuduSplitEnumerator.class);

    private final SplitEnumeratorContext<KuduSourceSplit> context;
    private final boolean continuous;
    @Nullable private final KuduTabletDiscovery discovery;
    private final long discoveryIntervalMillis;
    private final String where;
    @Nullable private final AutoCloseable client;

    private final ArrayDeque<KuduSourceSplit> remaining;

    /** Null until the first discovery when restored from state that did not record them. */
    @Nullable private Set<String> known;

    private final Set<String> dropped;
    private final Set<Integer> waiting = new LinkedHashSet<>();

    /**
     * @param discovery lists the table's tablets as splits; null for none (a bounded scan, or
     *     discovery turned off)
     * @param client closed with the enumerator (the lease it was planned with), or null
     */
    KuduSplitEnumerator(
            SplitEnumeratorContext<KuduSourceSplit> context,
            KuduEnumeratorState state,
            boolean continuous,
            @Nullable KuduTabletDiscovery discovery,
            long discoveryIntervalMillis,
            String where,
            @Nullable AutoCloseable client) {
        this.client = client;
        this.context = context;
        this.continuous = continuous;
        this.discovery = discovery;
        this.discoveryIntervalMillis = discoveryIntervalMillis;
        this.where = where;
        this.remaining = new ArrayDeque<>(state.remaining());
        this.known = state.known() == null ? null : new HashSet<>(state.known());
        this.dropped = new HashSet<>(state.dropped());
    }

    /** The state of a fresh scan: these splits, all of them known. */
    static KuduEnumeratorState initialState(List<KuduSourceSplit> splits) {
        Set<String> ids = new HashSet<>();
        for (KuduSourceSplit split : splits) {
            ids.add(split.splitId());
        }
        return new KuduEnumeratorState(splits, ids, Set.of());
    }

    @Override
    public void start() {
        if (discovery != null) {
            Callable<List<KuduSourceSplit>> list = discovery::splits;
            context.callAsync(
                    list, this::onDiscovered, discoveryIntervalMillis, discoveryIntervalMillis);
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        KuduSourceSplit split = remaining.poll();
        if (split != null) {
            context.assignSplit(split, subtaskId);
        } else if (continuous) {
            waiting.add(subtaskId); // until discovery finds a new tablet
        } else {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<KuduSourceSplit> splits, int subtaskId) {
        for (KuduSourceSplit split : splits) {
            if (!dropped.contains(split.splitId())) {
                remaining.add(split);
            }
        }
        waiting.remove(subtaskId);
        assignToWaiting();
    }

    @Override
    public void addReader(int subtaskId) {
        if (!dropped.isEmpty()) { // a restored reader may hold one of them
            context.sendEventToSourceReader(subtaskId, new KuduTabletsDropped(dropped));
        }
    }

    /** On the coordinator thread: what the masters listed. */
    private void onDiscovered(@Nullable List<KuduSourceSplit> listed, @Nullable Throwable error) {
        if (error != null) {
            LOG.warn("Could not list the tablets of {}; trying again later", where, error);
            return;
        }
        Set<String> listedIds = new HashSet<>();
        for (KuduSourceSplit split : listed) {
            listedIds.add(split.splitId());
        }
        if (known == null) { // restored from state without them: all of these were planned
            known = new HashSet<>(listedIds);
            remaining.forEach(split -> known.add(split.splitId()));
        }
        for (KuduSourceSplit split : listed) {
            if (known.add(split.splitId())) {
                LOG.info(
                        "New tablet {} of {}: reading its snapshot, then its changes",
                        split.splitId(),
                        where);
                remaining.add(split);
            }
        }
        Set<String> gone = new HashSet<>(known);
        gone.removeAll(listedIds);
        if (dropped.addAll(gone)) {
            LOG.info(
                    "Tablets {} of {} were dropped: their splits end (Kudu keeps no changes of"
                            + " a dropped tablet)",
                    gone,
                    where);
            remaining.removeIf(split -> dropped.contains(split.splitId()));
            KuduTabletsDropped event = new KuduTabletsDropped(dropped);
            for (int subtask : context.registeredReaders().keySet()) {
                context.sendEventToSourceReader(subtask, event);
            }
        }
        assignToWaiting();
    }

    private void assignToWaiting() {
        List<Integer> readers = new ArrayList<>(waiting);
        for (int subtask : readers) {
            if (remaining.isEmpty()) {
                return;
            }
            waiting.remove(subtask);
            if (context.registeredReaders().containsKey(subtask)) {
                context.assignSplit(remaining.poll(), subtask); // it asks again when it got one
            }
        }
    }

    @Override
    public KuduEnumeratorState snapshotState(long checkpointId) {
        return new KuduEnumeratorState(new ArrayList<>(remaining), known, dropped);
    }

    @Override
    public void close() throws IOException {
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                throw new IOException("Could not release the Kudu client of " + where, e);
            }
        }
    }
}
