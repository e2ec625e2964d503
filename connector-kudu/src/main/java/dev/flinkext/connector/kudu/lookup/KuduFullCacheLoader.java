package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.client.KuduClients;
import dev.flinkext.connector.kudu.client.KuduTables;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.source.KuduFilter;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.lookup.full.LoadScope;

import org.apache.flink.table.functions.FunctionContext;

import org.apache.kudu.client.AsyncKuduClient;
import org.apache.kudu.client.KuduException;
import org.apache.kudu.client.KuduScanToken;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.RowResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a Kudu table for lookup-core's FULL cache: one split per tablet (a scan token, built on
 * each load so a reload sees today's tablets), which lookup-core reads in parallel ({@code
 * lookup.full-cache.load-parallelism}). Each split's scan reads only the produced columns.
 *
 * <p>Tablets partition the primary key, so two splits never hold rows of one key; the table source
 * still deduplicates FULL loads by the primary key when it is produced, in case a scan hands a row
 * over twice. The blocking sync client is fine here: loads run on lookup-core's loader threads. A
 * subtask's share ({@link LoadScope}, partitioned lookup joins) by a {@link KuduBucketPartitioning}
 * reads only the tablets of its hash buckets (the other tablets cannot hold its keys); by any other
 * partitioning it reads every tablet and the cache keeps only the share's keys.
 */
public final class KuduFullCacheLoader implements FullCacheLoader {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(KuduFullCacheLoader.class);

    private final KuduConnectionOptions connection;
    private final String kuduTable;
    private final KuduScanColumns columns;
    private final List<KuduFilter> filters;

    private transient SharedResources.Lease<AsyncKuduClient> client;
    private transient KuduScanColumns.Decoder decoder;

    /**
     * @param projection the produced columns' physical positions, null for all
     */
    public KuduFullCacheLoader(
            KuduConnectionOptions connection,
            KuduTableMapping mapping,
            @Nullable int[] projection) {
        this(connection, mapping, projection, List.of());
    }

    /**
     * @param filters conditions the load applies: those the planner pushed into the source (a
     *     condition on the dimension in the join's ON clause), which Flink no longer checks
     */
    public KuduFullCacheLoader(
            KuduConnectionOptions connection,
            KuduTableMapping mapping,
            @Nullable int[] projection,
            List<KuduFilter> filters) {
        this.connection = connection;
        this.kuduTable = mapping.tableName();
        this.columns = KuduScanColumns.of(mapping, projection, new int[0]);
        this.filters = List.copyOf(filters);
    }

    @Override
    public void open(FunctionContext context) {
        decoder = columns.decoder();
        client = KuduClients.acquireAsync(connection); // the lookups' client, as sync view
    }

    @Override
    public List<LoadSplit> splits(LoadScope scope) throws IOException {
        try {
            KuduTable table = KuduTables.open(client.get().syncClient(), connection, kuduTable);
            KuduScanToken.KuduScanTokenBuilder builder =
                    client.get()
                            .syncClient()
                            .newScanTokenBuilder(table)
                            .setProjectedColumnNames(columns.names());
            for (KuduFilter filter : filters) {
                builder.addPredicate(filter.toPredicate(table.getSchema()));
            }
            List<KuduScanToken> tokens = builder.build();
            int dimension = bucketDimension(scope, table);
            Set<String> buckets = dimension < 0 ? Set.of() : scope.storePartitions().orElseThrow();
            List<LoadSplit> splits = new ArrayList<>(tokens.size());
            for (KuduScanToken token : tokens) {
                if (dimension >= 0
                        && !buckets.contains(
                                KuduBucketPartitioning.partitionName(
                                        token.getTablet()
                                                .getPartition()
                                                .getHashBuckets()
                                                .get(dimension)))) {
                    continue; // a tablet of another subtask's buckets
                }
                splits.add(
                        new TabletSplit(
                                token.serialize(),
                                describe(
                                        new String(
                                                token.getTablet().getTabletId(),
                                                StandardCharsets.UTF_8))));
            }
            LOG.info(
                    "FULL load of Kudu table '{}' for {}: {} of {} tablets{}",
                    kuduTable,
                    scope,
                    splits.size(),
                    tokens.size(),
                    dimension < 0 ? "" : " (" + buckets + ")");
            return splits;
        } catch (RuntimeException | IOException e) {
            throw new IOException(
                    "Cannot plan the FULL load of Kudu table '"
                            + kuduTable
                            + "' on masters "
                            + connection.masterAddresses()
                            + ": "
                            + message(e),
                    e);
        }
    }

    /**
     * The hash dimension whose buckets the scope names, or -1 to read every tablet: the scope is
     * not by Kudu buckets, or the table's hash schema changed since planning.
     */
    private static int bucketDimension(LoadScope scope, KuduTable table) {
        Optional<Set<String>> buckets = scope.storePartitions();
        if (buckets.isPresent()
                && scope.partitioning() instanceof KuduBucketPartitioning partitioning
                && partitioning.matches(table.getPartitionSchema())) {
            return partitioning.dimension().index();
        }
        return -1;
    }

    @Override
    public void read(LoadSplit split, LoadScope scope, RowConsumer out) throws IOException {
        TabletSplit tablet = (TabletSplit) split;
        KuduScanner scanner = null;
        try {
            scanner =
                    KuduScanToken.deserializeIntoScanner(tablet.token(), client.get().syncClient());
            while (scanner.hasMoreRows()) {
                for (RowResult row : scanner.nextRows()) {
                    out.accept(decoder.produced(row)); // a new row each time
                }
            }
        } catch (RuntimeException | IOException e) {
            throw new IOException("FULL load of " + tablet + " failed: " + message(e), e);
        } finally {
            closeQuietly(scanner);
        }
    }

    private String describe(String tabletId) {
        return "tablet "
                + tabletId
                + " of Kudu table '"
                + kuduTable
                + "' on masters "
                + connection.masterAddresses();
    }

    private static String message(Exception e) {
        return e instanceof KuduException kudu
                ? kudu.getStatus().toString()
                : String.valueOf(e.getMessage());
    }

    private static void closeQuietly(@Nullable KuduScanner scanner) {
        if (scanner != null && !scanner.isClosed()) {
            try {
                scanner.close();
            } catch (KuduException ignored) {
                // the load already failed or finished; the server expires the scanner
            }
        }
    }

    @Override
    public void close() throws Exception {
        SharedResources.Lease<AsyncKuduClient> lease = client;
        client = null;
        if (lease != null) {
            lease.close();
        }
    }

    /** One tablet's scan token; named by tablet, table and masters. */
    record TabletSplit(byte[] token, String description) implements LoadSplit {
        @Override
        public String toString() {
            return description;
        }
    }
}
