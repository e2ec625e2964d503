package dev.flinkext.connector.kudu.lookup;

import org.apache.kudu.client.AsyncKuduScanner;
import org.apache.kudu.client.RowResult;
import org.apache.kudu.client.RowResultIterator;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Reads an {@link AsyncKuduScanner} to its end without holding a thread: each {@code nextRows()} is
 * asked for from the callback of the one before, on the Kudu client's I/O thread, and every row
 * goes to the consumer there (so it must be quick and must not block). A failure closes the scanner
 * and fails the future with Kudu's exception.
 */
final class AsyncScanRun {

    private final AsyncKuduScanner scanner;
    private final Consumer<RowResult> rows;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private AsyncScanRun(AsyncKuduScanner scanner, Consumer<RowResult> rows) {
        this.scanner = scanner;
        this.rows = rows;
    }

    /** Starts the scan; the future completes after its last row was consumed. */
    static CompletableFuture<Void> start(AsyncKuduScanner scanner, Consumer<RowResult> rows) {
        AsyncScanRun run = new AsyncScanRun(scanner, rows);
        run.next();
        return run.done;
    }

    private void next() {
        try {
            scanner.nextRows().addCallbacks(this::onRows, this::onError);
        } catch (RuntimeException e) {
            onError(e);
        }
    }

    private Void onRows(RowResultIterator batch) {
        try {
            if (batch != null) {
                while (batch.hasNext()) {
                    rows.accept(batch.next());
                }
            }
        } catch (RuntimeException e) {
            return onError(e);
        }
        if (scanner.hasMoreRows()) {
            next();
        } else {
            done.complete(null); // the tablet server closed the scanner with its last batch
        }
        return null;
    }

    private Void onError(Exception error) {
        done.completeExceptionally(error);
        if (!scanner.isClosed()) {
            scanner.close(); // best effort: frees the server-side scanner early
        }
        return null;
    }
}
