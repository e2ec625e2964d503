package dev.flinkext.lookup.full;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * FULL caches shared by the subtasks of one task manager, counted by reference, like Flink's own
 * {@code LookupCacheManager} does for its caches: n subtasks of one lookup join hold one copy of
 * the table instead of n, and load it once.
 *
 * <p>Keyed by the function's identifier (its class and a hash of its serialized form, equal for all
 * subtasks of one operator) plus the {@link LoadScope}, so subtasks that load different shares
 * never share. The registry lives in the class's class loader: per job when flinkext is in the job
 * jar, per task manager when it is in Flink's {@code lib/}.
 */
final class SharedFullCaches {

    private static final Map<String, Entry> CACHES = new HashMap<>();

    private SharedFullCaches() {}

    /** The cache registered under {@code id}, created by {@code factory} if there is none. */
    static synchronized FullCache acquire(String id, Supplier<FullCache> factory) {
        Entry entry = CACHES.computeIfAbsent(id, ignored -> new Entry(factory.get()));
        entry.references++;
        return entry.cache;
    }

    /** Gives back one reference; the last one closes the cache. */
    static void release(String id) throws Exception {
        FullCache toClose = null;
        synchronized (SharedFullCaches.class) {
            Entry entry = CACHES.get(id);
            if (entry == null) {
                return;
            }
            if (--entry.references == 0) {
                CACHES.remove(id);
                toClose = entry.cache;
            }
        }
        if (toClose != null) {
            toClose.close(); // outside the lock: closing waits for a running load to stop
        }
    }

    static synchronized int references(String id) {
        Entry entry = CACHES.get(id);
        return entry == null ? 0 : entry.references;
    }

    private static final class Entry {
        final FullCache cache;
        int references;

        Entry(FullCache cache) {
            this.cache = cache;
        }
    }
}
