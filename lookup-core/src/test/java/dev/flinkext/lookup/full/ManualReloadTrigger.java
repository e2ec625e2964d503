package dev.flinkext.lookup.full;

import org.apache.flink.table.connector.source.lookup.cache.trigger.CacheReloadTrigger;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Test fixture: a reload trigger the test fires by hand (no schedule, no sleeps). */
final class ManualReloadTrigger implements CacheReloadTrigger {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Context> CONTEXTS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicBoolean> CLOSED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    @Override
    public void open(Context context) {
        CONTEXTS.put(id, context);
        CLOSED.put(id, new AtomicBoolean());
    }

    /** Asks for a reload, as a scheduled trigger would; the future ends with the load. */
    CompletableFuture<Void> fire() {
        Context context = CONTEXTS.get(id);
        if (context == null) {
            throw new IllegalStateException("trigger not opened");
        }
        return context.triggerReload();
    }

    boolean isClosed() {
        AtomicBoolean closed = CLOSED.get(id);
        return closed != null && closed.get();
    }

    @Override
    public void close() {
        CLOSED.computeIfAbsent(id, ignored -> new AtomicBoolean()).set(true);
    }
}
