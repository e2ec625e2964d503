package dev.flinkext.connector.kudu.client;

import com.stumbleupon.async.Deferred;

import java.util.concurrent.CompletableFuture;

/**
 * kudu-client's {@link Deferred} as a {@link CompletableFuture}, without blocking a thread: the
 * future completes in the Deferred's callback, on the Kudu client's I/O thread (so whoever chains
 * on it must not block either).
 */
public final class DeferredFutures {

    private DeferredFutures() {}

    public static <T> CompletableFuture<T> toFuture(Deferred<T> deferred) {
        CompletableFuture<T> future = new CompletableFuture<>();
        deferred.addCallbacks(
                value -> {
                    future.complete(value);
                    return null;
                },
                (Exception error) -> {
                    future.completeExceptionally(error);
                    return null;
                });
        return future;
    }
}
