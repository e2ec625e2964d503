package dev.flinkext.common.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way this project makes its background threads: daemon threads (a leaked one never keeps a
 * task manager JVM alive), named {@code "<name>-<n>"} so thread dumps say what they do, and started
 * with the context class loader of the thread that created the factory (the user-code class loader
 * when created in {@code open()}), so store clients that load classes or services through it (SASL,
 * TLS providers, codecs) find the job's classes.
 */
public final class DaemonThreadFactory implements ThreadFactory {

    private final String name;
    private final ClassLoader contextClassLoader;
    private final AtomicInteger count = new AtomicInteger();

    private DaemonThreadFactory(String name, ClassLoader contextClassLoader) {
        this.name = Objects.requireNonNull(name, "name");
        this.contextClassLoader = contextClassLoader;
    }

    /**
     * Threads named {@code name-1}, {@code name-2}, ..., with the calling thread's context class
     * loader.
     */
    public static DaemonThreadFactory named(String name) {
        return new DaemonThreadFactory(name, Thread.currentThread().getContextClassLoader());
    }

    /** The same, with an explicit context class loader. */
    public static DaemonThreadFactory named(String name, ClassLoader contextClassLoader) {
        return new DaemonThreadFactory(name, contextClassLoader);
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(contextClassLoader);
        return thread;
    }

    @Override
    public String toString() {
        return "DaemonThreadFactory{" + name + '}';
    }
}
