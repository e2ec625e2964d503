package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.client.DeferredFutures;
import dev.flinkext.connector.kudu.client.KuduClients;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduConnectorOptions;
import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.source.KuduFilter;
import dev.flinkext.lookup.batch.MultiKeyReader;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.client.AsyncKuduClient;
import org.apache.kudu.client.AsyncKuduScanner;
import org.apache.kudu.client.KuduException;
import org.apache.kudu.client.KuduPredicate;
import org.apache.kudu.client.KuduTable;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kudu's multi-key read for lookup-core, on the task manager's shared {@link AsyncKuduClient}: the
 * keys of one {@link #readAll} become as few scans as {@link KeyScanPlanner} can make (one {@code k
 * IN (...)} scan for a single-column key, up to {@code lookup.in-list.max-size} values each), all
 * started at once; the returned future completes from the scans' callbacks, so no thread of
 * lookup-core's (or of this reader's) waits for Kudu. A batch may instead be read as one point scan
 * per key, all at once, when those have cost less per key here lately ({@link ScanPlanChooser}:
 * IN-lists are slow on rows still in a tablet server's MemRowSet).
 *
 * <p>Scans read only the produced columns, plus key columns the produced row lacks, and rows are
 * decoded with mapping's {@code KuduFieldDecoders}. A key with a NULL part, or a value the Kudu
 * column cannot hold, is a miss without a scan.
 *
 * <p>{@link #partitionOf} keeps lookup-core's single partition: Kudu's client routes a scan to the
 * tablets its predicates select (hash and range pruning, IN-lists included), so splitting a batch
 * by tablet would only multiply scans.
 *
 * <p>The table is opened lazily (asynchronously) on the first read and again after a failure, so
 * {@link #open} needs no reachable cluster. Failures name the table and the masters: the future
 * fails and lookup-core retries ({@code lookup.max-retries}).
 */
public final class KuduMultiKeyReader implements MultiKeyReader {

    private static final long serialVersionUID = 1L;

    private final KuduConnectionOptions connection;
    private final String kuduTable;
    private final KuduLookupKeys keys;
    private final KuduScanColumns columns;
    private final int maxInList;
    private final List<KuduFilter> filters;

    private transient SharedResources.Lease<AsyncKuduClient> client;
    private transient AsyncKuduClient asyncClient;
    private transient KuduLookupKeys.Converter converter;
    private transient KuduScanColumns.Decoder decoder;
    private transient volatile CompletableFuture<KuduTable> table;
    private transient ScanPlanChooser chooser;

    /**
     * @param mapping the DDL's columns over the Kudu table (checked at planning time)
     * @param keyColumns the lookup key parts' physical positions, in key-row order
     * @param projection the produced columns' physical positions, null for all
     * @param maxInList {@code lookup.in-list.max-size}
     */
    public KuduMultiKeyReader(
            KuduConnectionOptions connection,
            KuduTableMapping mapping,
            int[] keyColumns,
            @Nullable int[] projection,
            int maxInList) {
        this(connection, mapping, keyColumns, projection, maxInList, List.of());
    }

    /**
     * @param filters conditions every scan also applies: those the planner pushed into the source
     *     (a condition on the dimension in the join's ON clause), which Flink no longer checks
     */
    public KuduMultiKeyReader(
            KuduConnectionOptions connection,
            KuduTableMapping mapping,
            int[] keyColumns,
            @Nullable int[] projection,
            int maxInList,
            List<KuduFilter> filters) {
        if (maxInList < 1) {
            throw new IllegalArgumentException("maxInList must be at least 1, got " + maxInList);
        }
        this.connection = connection;
        this.kuduTable = mapping.tableName();
        this.keys = KuduLookupKeys.of(mapping, keyColumns);
        this.columns = KuduScanColumns.of(mapping, projection, keyColumns);
        this.maxInList = maxInList;
        this.filters = List.copyOf(filters);
    }

    @Override
    public void open(FunctionContext context) {
        converter = keys.converter();
        decoder = columns.decoder();
        chooser = new ScanPlanChooser();
        client = KuduClients.acquireAsync(connection); // connects on first use, not here
        asyncClient = client.get();
    }

    @Override
    public CompletableFuture<Map<RowData, Collection<RowData>>> readAll(List<RowData> keyRows) {
        if (keyRows.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        if (asyncClient == null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException(this + ": read before open()"));
        }
        try {
            // the key instances given, by value: rows are matched to them by decoded key
            Map<GenericRowData, RowData> given = new HashMap<>();
            List<Object[]> searchable = new ArrayList<>();
            for (RowData keyRow : keyRows) {
                GenericRowData normalized = converter.normalize(keyRow);
                if (given.putIfAbsent(normalized, keyRow) == null) {
                    Object[] values = converter.predicateValues(normalized);
                    if (values != null) {
                        searchable.add(values);
                    }
                }
            }
            if (searchable.isEmpty()) {
                return CompletableFuture.completedFuture(Map.of());
            }
            int keyCount = searchable.size();
            boolean points = maxInList > 1 && chooser.pointsFor(keyCount);
            List<KeyScan> scans = KeyScanPlanner.plan(searchable, points ? 1 : maxInList);
            return table().thenCompose(
                            t -> {
                                long start = System.nanoTime();
                                return scanAll(t, scans, given)
                                        .whenComplete(
                                                (found, error) -> {
                                                    if (error == null) {
                                                        chooser.record(
                                                                points,
                                                                System.nanoTime() - start,
                                                                keyCount);
                                                    }
                                                });
                            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Map<RowData, Collection<RowData>>> scanAll(
            KuduTable opened, List<KeyScan> scans, Map<GenericRowData, RowData> given) {
        Map<RowData, Collection<RowData>> result = new ConcurrentHashMap<>();
        CompletableFuture<?>[] runs = new CompletableFuture<?>[scans.size()];
        try {
            for (int i = 0; i < runs.length; i++) {
                runs[i] =
                        AsyncScanRun.start(
                                scanner(opened, scans.get(i)),
                                row -> {
                                    RowData key = given.get(decoder.key(row));
                                    if (key != null) {
                                        result.computeIfAbsent(key, k -> new ArrayList<>(1))
                                                .add(decoder.produced(row));
                                    }
                                });
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(scanFailure(e));
        }
        return CompletableFuture.allOf(runs)
                .handle(
                        (ignored, error) -> {
                            if (error != null) {
                                throw new CompletionException(scanFailure(unwrap(error)));
                            }
                            return result;
                        });
    }

    private AsyncKuduScanner scanner(KuduTable opened, KeyScan scan) {
        Schema schema = opened.getSchema();
        List<KuduColumnMapping> parts = keys.parts();
        AsyncKuduScanner.AsyncKuduScannerBuilder builder =
                asyncClient.newScannerBuilder(opened).setProjectedColumnNames(columns.names());
        for (int i = 0; i < parts.size(); i++) {
            ColumnSchema column = schema.getColumn(parts.get(i).name());
            builder.addPredicate(
                    i == scan.inPart()
                            ? KuduPredicate.newInListPredicate(column, scan.inValues())
                            : KuduPredicate.newComparisonPredicate(
                                    column,
                                    KuduPredicate.ComparisonOp.EQUAL,
                                    scan.equalValues()[i]));
        }
        for (KuduFilter filter : filters) {
            builder.addPredicate(filter.toPredicate(schema));
        }
        return builder.build();
    }

    /** The opened table; opened (again) when there is none or the last attempt failed. */
    private CompletableFuture<KuduTable> table() {
        CompletableFuture<KuduTable> current = table;
        if (current == null || current.isCompletedExceptionally()) {
            current =
                    DeferredFutures.toFuture(asyncClient.openTable(kuduTable))
                            .exceptionally(
                                    error -> {
                                        throw new CompletionException(openFailure(unwrap(error)));
                                    });
            table = current;
        }
        return current;
    }

    private IOException openFailure(Throwable cause) {
        return new IOException(
                "Cannot open Kudu table '"
                        + kuduTable
                        + "' on masters "
                        + connection.masterAddresses()
                        + " for a lookup (within '"
                        + KuduConnectorOptions.CLIENT_ADMIN_TIMEOUT.key()
                        + "' = "
                        + connection.adminTimeout()
                        + "): "
                        + kuduMessage(cause),
                cause);
    }

    private IOException scanFailure(Throwable cause) {
        table = null; // the table may have been dropped or altered: reopen on the retry
        return new IOException(
                "Lookup scan of Kudu table '"
                        + kuduTable
                        + "' on masters "
                        + connection.masterAddresses()
                        + " failed: "
                        + kuduMessage(cause),
                cause);
    }

    private static String kuduMessage(Throwable cause) {
        if (cause instanceof KuduException kudu) {
            return kudu.getStatus().toString();
        }
        return String.valueOf(cause.getMessage());
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void close() throws Exception {
        SharedResources.Lease<AsyncKuduClient> lease = client;
        client = null;
        asyncClient = null;
        if (lease != null) {
            lease.close();
        }
    }

    @Override
    public String toString() {
        return "KuduMultiKeyReader(table '"
                + kuduTable
                + "' on masters "
                + connection.masterAddresses()
                + ")";
    }
}
