package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.mapping.KuduRowDecoder;
import dev.flinkext.connector.kudu.source.KuduSplitPosition.Phase;

import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

import org.apache.kudu.Schema;
import org.apache.kudu.client.AsyncKuduScanner;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduException;
import org.apache.kudu.client.KuduPredicate;
import org.apache.kudu.client.KuduScanToken;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.RowResult;
import org.apache.kudu.client.RowResultIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One tablet's changes in one window of hybrid time ({@code start}, {@code end}], as changelog
 * rows. A Kudu diff scan returns each row changed in the window once, as it is at {@code end} (with
 * whether it is deleted then), in primary-key order; the rows as they were at {@code start} are
 * read for the same keys, a scanner batch at a time. For each changed row:
 *
 * <ul>
 *   <li>absent at start, present at end: {@code +I} (the row at end);
 *   <li>present at start, deleted at end: {@code -D} (the row at start);
 *   <li>present at both: {@code -U} (at start) then {@code +U} (at end), or nothing when the
 *       produced columns did not change;
 *   <li>absent at start, deleted at end (inserted, then deleted in the window): nothing.
 * </ul>
 *
 * The same window gives the same rows in the same order again, so a window resumed after a failover
 * skips the rows emitted before it.
 */
final class KuduChangeWindow implements AutoCloseable {

    /** Keys per read of the rows as they were: bounds one request's IN-lists. */
    private static final int KEYS_PER_READ = 1000;

    private final KuduClient client;
    private final KuduSourceSplit split;
    private final KuduRowDecoder decoder;
    private final String where;
    private final long start;
    private final long end;
    private final KuduScanner diff;
    private final KuduKeyColumns keys;
    private long emitted;
    private long toSkip;

    KuduChangeWindow(
            KuduClient client,
            KuduSourceSplit split,
            KuduRowDecoder decoder,
            Schema tableSchema,
            String where,
            long start,
            long end,
            long emittedBefore)
            throws IOException {
        this.client = client;
        this.split = split;
        this.decoder = decoder;
        this.where = where;
        this.start = start;
        this.end = end;
        this.emitted = emittedBefore;
        this.toSkip = emittedBefore;
        try {
            this.diff =
                    KuduScanToken.deserializeIntoScannerBuilder(split.token(), client)
                            .diffScan(start, end)
                            .build();
        } catch (KuduException e) {
            throw failure("open the changes", e);
        }
        diff.startKeepAlivePeriodically(KuduSnapshots.KEEP_ALIVE_MS);
        this.keys = new KuduKeyColumns(diff.getProjectionSchema(), tableSchema);
    }

    long end() {
        return end;
    }

    boolean hasMore() {
        return diff.hasMoreRows();
    }

    /** Reads the next scanner batch of changes, adding its changelog rows to {@code out}. */
    void next(List<KuduScannedRow> out) throws IOException {
        List<RowResult> changed = new ArrayList<>();
        try {
            RowResultIterator batch = diff.nextRows();
            while (batch.hasNext()) {
                changed.add(batch.next());
            }
        } catch (KuduException e) {
            throw failure("read the changes", e);
        }
        for (int from = 0; from < changed.size(); from += KEYS_PER_READ) {
            List<RowResult> chunk =
                    changed.subList(from, Math.min(changed.size(), from + KEYS_PER_READ));
            Map<List<Object>, RowData> before = rowsAtStart(chunk);
            for (RowResult row : chunk) {
                emit(before.get(keys.keyOf(row)), row, out);
            }
        }
    }

    private void emit(RowData before, RowResult row, List<KuduScannedRow> out) {
        if (row.isDeleted()) {
            if (before != null) {
                add(before, RowKind.DELETE, out);
            }
            return;
        }
        RowData after = decoder.decode(row);
        if (before == null) {
            add(after, RowKind.INSERT, out);
        } else if (!before.equals(after)) { // both still INSERT-kind here
            add(before, RowKind.UPDATE_BEFORE, out);
            add(after, RowKind.UPDATE_AFTER, out);
        }
    }

    private void add(RowData row, RowKind kind, List<KuduScannedRow> out) {
        if (toSkip > 0) {
            toSkip--; // emitted before the failover
            return;
        }
        row.setRowKind(kind);
        emitted++;
        out.add(new KuduScannedRow(row, Phase.CHANGES, start, emitted, end));
    }

    /** The produced columns of the chunk's rows at {@code start}, by key; absent rows left out. */
    private Map<List<Object>, RowData> rowsAtStart(List<RowResult> chunk) throws IOException {
        KuduScanner.KuduScannerBuilder builder =
                KuduScanToken.deserializeIntoScannerBuilder(split.token(), client)
                        .readMode(AsyncKuduScanner.ReadMode.READ_AT_SNAPSHOT)
                        .snapshotTimestampRaw(start);
        for (KuduPredicate predicate : keys.inLists(chunk)) {
            builder.addPredicate(predicate);
        }
        Map<List<Object>, RowData> rows = new HashMap<>();
        KuduScanner scanner = builder.build();
        try {
            while (scanner.hasMoreRows()) {
                RowResultIterator batch = scanner.nextRows();
                while (batch.hasNext()) {
                    RowResult row = batch.next();
                    rows.put(keys.keyOf(row), decoder.decode(row));
                }
            }
        } catch (KuduException e) {
            throw failure("read the changed rows as they were", e);
        } finally {
            KuduSnapshots.close(scanner, where);
        }
        return rows;
    }

    private IOException failure(String what, KuduException e) {
        String message = String.valueOf(e.getStatus());
        String hint =
                message.contains("history") || message.contains("ancient")
                        ? " The window starts before the history the tablet servers keep"
                                + " (--tablet_history_max_age_sec, 15 minutes by default): the"
                                + " changes since cannot be read; start the job anew (a new"
                                + " snapshot) or keep more history."
                        : "";
        return new IOException(
                "Cannot "
                        + what
                        + " of tablet "
                        + split.splitId()
                        + " of "
                        + where
                        + " in hybrid time ("
                        + start
                        + ", "
                        + end
                        + "]: "
                        + message
                        + hint,
                e);
    }

    @Override
    public void close() {
        KuduSnapshots.close(diff, where);
    }
}
