package dev.flinkext.connector.kudu;

import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads an unbounded query's rows on a thread of its own, so that a test can make changes and then
 * take exactly the rows they cause. Closing it cancels the query's job.
 */
public final class ChangelogCollector<T> implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final CloseableIterator<T> rows;
    private final BlockingQueue<T> received = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread reader;

    public ChangelogCollector(CloseableIterator<T> rows) {
        this.rows = rows;
        this.reader =
                new Thread(
                        () -> {
                            try {
                                while (rows.hasNext()) {
                                    received.add(rows.next());
                                }
                            } catch (Throwable t) {
                                failure.set(t);
                            }
                        },
                        "changelog-collector");
        reader.setDaemon(true);
        reader.start();
    }

    public static ChangelogCollector<Row> of(CloseableIterator<Row> rows) {
        return new ChangelogCollector<>(rows);
    }

    /** The next {@code n} rows; fails if they do not come within 90 seconds. */
    public List<T> take(int n) throws InterruptedException {
        List<T> taken = new ArrayList<>(n);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (taken.size() < n) {
            T row = received.poll(100, TimeUnit.MILLISECONDS);
            if (row != null) {
                taken.add(row);
            } else if (failure.get() != null) {
                throw new AssertionError("The query failed after " + taken, failure.get());
            } else if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "Only " + taken.size() + " of " + n + " rows came: " + taken);
            }
        }
        return taken;
    }

    @Override
    public void close() throws Exception {
        rows.close();
        reader.join(WAIT.toMillis());
    }
}
