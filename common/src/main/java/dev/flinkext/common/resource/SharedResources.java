package dev.flinkext.common.resource;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Objects too heavy to open per function or writer instance (a store client with its own threads
 * and connections, a FULL cache holding a whole table), shared by every subtask of one task manager
 * and counted by reference, as Flink's own {@code LookupCacheManager} shares its caches: the first
 * {@link #acquire} creates the object, the last {@link Lease#close()} closes it.
 *
 * <p>The registry lives in this class's class loader: per job when flinkext is in the job jar, per
 * task manager when it is in Flink's {@code lib/}. Keys must therefore say everything that makes
 * two objects different (e.g. a client's addresses and credentials, or a cache's function identity
 * and load scope); objects are closed outside the registry's lock, so a slow close never blocks
 * another subtask's acquire of another key. Keys may appear in error messages: put a digest of a
 * secret into a key, never the secret itself.
 */
public final class SharedResources {

    private static final Map<String, Entry> ENTRIES = new HashMap<>();

    private SharedResources() {}

    /**
     * The object registered under {@code key}, created by {@code factory} if there is none; the
     * caller closes the lease exactly once when done with it.
     *
     * @throws RuntimeException whatever {@code factory} throws (nothing is registered then)
     */
    public static <T extends AutoCloseable> Lease<T> acquire(String key, Supplier<T> factory) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(factory, "factory");
        synchronized (ENTRIES) {
            Entry entry = ENTRIES.get(key);
            if (entry == null) {
                T created = Objects.requireNonNull(factory.get(), "factory returned null");
                entry = new Entry(created);
                ENTRIES.put(key, entry);
            }
            entry.references++;
            @SuppressWarnings("unchecked")
            T value = (T) entry.value;
            return new Lease<>(key, value, entry);
        }
    }

    /** How many leases of {@code key} are open (0 when none): for tests and diagnostics. */
    public static int references(String key) {
        synchronized (ENTRIES) {
            Entry entry = ENTRIES.get(key);
            return entry == null ? 0 : entry.references;
        }
    }

    private static void release(String key, Entry entry) throws Exception {
        AutoCloseable toClose = null;
        synchronized (ENTRIES) {
            if (--entry.references == 0) {
                ENTRIES.remove(key, entry);
                toClose = entry.value;
            }
        }
        if (toClose != null) {
            toClose.close(); // outside the lock: closing may wait for a running load or flush
        }
    }

    /** One holder's share of a shared object; closing it twice is a no-op. */
    public static final class Lease<T extends AutoCloseable> implements AutoCloseable {
        private final String key;
        private final T value;
        private final Entry entry;
        private boolean closed;

        private Lease(String key, T value, Entry entry) {
            this.key = key;
            this.value = value;
            this.entry = entry;
        }

        public T get() {
            if (closed) {
                throw new IllegalStateException("Lease of shared resource '" + key + "' is closed");
            }
            return value;
        }

        public String key() {
            return key;
        }

        /**
         * This lease, moved onto a view of the shared object (e.g. a client's blocking face over
         * its asynchronous core): the returned lease holds the same share and this one is closed.
         * The view is not closed on release; the shared object is, with the last lease.
         */
        public <R extends AutoCloseable> Lease<R> as(Function<? super T, ? extends R> view) {
            R viewed = view.apply(get());
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException(
                            "Lease of shared resource '" + key + "' is closed");
                }
                closed = true;
            }
            return new Lease<>(key, viewed, entry);
        }

        @Override
        public void close() throws Exception {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(key, entry);
        }
    }

    private static final class Entry {
        final AutoCloseable value;
        int references;

        Entry(AutoCloseable value) {
            this.value = value;
        }
    }
}
