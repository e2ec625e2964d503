package dev.flinkext.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Base of every server extension: starts the server before the first test of the class and stops it
 * after the last, or shares one server among all test classes of the JVM.
 *
 * <p>Register it on a {@code static} field with {@code @RegisterExtension}. With {@link
 * #sharedPerJvm()}, the server is started by the first class that asks for it (with the same
 * settings) and stopped when the JVM's test run ends.
 *
 * @param <S> the running server, closed to stop it
 */
public abstract class ServerExtension<S extends AutoCloseable>
        implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ServerExtension.class);

    private boolean perJvm;
    private S server;

    /** Starts the server; called once per class, or once per JVM when shared. */
    protected abstract S startServer() throws Exception;

    /**
     * The key under which a JVM-shared server is found: two extensions with the same key share one
     * server, so it must include every setting that changes the server.
     */
    protected abstract String sharingKey();

    /** Shares one server among all test classes of this JVM that ask for the same settings. */
    @SuppressWarnings("unchecked")
    public <E extends ServerExtension<S>> E sharedPerJvm() {
        this.perJvm = true;
        return (E) this;
    }

    /**
     * Starts one more server with this extension's settings, outside JUnit's life cycle: the caller
     * owns it and must close it (lifecycle tests, child-JVM probes, demos).
     */
    public final S startUnmanaged() throws Exception {
        return startServer();
    }

    /** The running server; only valid between beforeAll and afterAll. */
    public S server() {
        if (server == null) {
            throw new IllegalStateException(
                    getClass().getSimpleName()
                            + " is not started: register it on a static field with"
                            + " @RegisterExtension");
        }
        return server;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void beforeAll(ExtensionContext context) throws Exception {
        if (perJvm) {
            ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
            server =
                    (S)
                            store.getOrComputeIfAbsent(
                                            getClass().getName() + ":" + sharingKey(),
                                            key -> new Shared(startOrThrow()),
                                            Shared.class)
                                    .server;
        } else {
            server = startServer();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!perJvm && server != null) {
            try {
                server.close();
            } finally {
                server = null;
            }
        }
    }

    private S startOrThrow() {
        try {
            return startServer();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start " + getClass().getSimpleName(), e);
        }
    }

    /** Closes a JVM-shared server when JUnit closes the root store. */
    private static final class Shared implements ExtensionContext.Store.CloseableResource {
        final AutoCloseable server;

        Shared(AutoCloseable server) {
            this.server = server;
        }

        @Override
        public void close() throws Throwable {
            server.close();
        }
    }
}
