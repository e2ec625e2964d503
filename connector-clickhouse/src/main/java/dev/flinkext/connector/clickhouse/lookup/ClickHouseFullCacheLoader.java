package dev.flinkext.connector.clickhouse.lookup;

import dev.flinkext.common.resource.Closeables;
import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.clickhouse.client.ClickHouseClients;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowReader;
import dev.flinkext.connector.clickhouse.mapping.RowBinaryInput;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.lookup.full.LoadScope;

import org.apache.flink.table.functions.FunctionContext;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The FULL cache's load of a ClickHouse table: one split per shard's local table when the table is
 * Distributed and sharded by the lookup key (shards never share a key), else one split reading the
 * table (a Distributed table then asks every shard itself); each split one streamed {@code SELECT
 * <produced columns> FROM t FORMAT RowBinary}. Whole-table loads only ({@link LoadScope#all()}).
 */
public final class ClickHouseFullCacheLoader implements FullCacheLoader {

    private static final long serialVersionUID = 1L;

    private final ClickHouseLookupTable table;
    private transient List<SharedResources.Lease<Client>> clients;

    public ClickHouseFullCacheLoader(ClickHouseLookupTable table) {
        this.table = table;
    }

    /** One shard's (or the whole table's) rows. */
    record ShardSplit(int shard, String description) implements LoadSplit {
        @Override
        public String toString() {
            return description;
        }
    }

    @Override
    public void open(FunctionContext context) {
        List<SharedResources.Lease<Client>> leased = new ArrayList<>();
        try {
            for (int shard = 0; shard < table.shardCount(); shard++) {
                leased.add(ClickHouseClients.acquire(table.connectionOf(shard)));
            }
        } catch (RuntimeException e) {
            Closeables.closeAllQuietly(leased, e);
            throw e;
        }
        clients = leased;
    }

    @Override
    public List<LoadSplit> splits(LoadScope scope) {
        requireAll(scope);
        List<LoadSplit> splits = new ArrayList<>();
        for (int shard = 0; shard < table.shardCount(); shard++) {
            splits.add(
                    new ShardSplit(
                            shard,
                            table.tableOf(shard)
                                    + " at "
                                    + table.connectionOf(shard).describeEndpoints()));
        }
        return splits;
    }

    @Override
    public void read(LoadSplit split, LoadScope scope, RowConsumer out) throws IOException {
        requireAll(scope);
        int shard = ((ShardSplit) split).shard();
        String sql =
                "SELECT "
                        + table.read().selectList()
                        + " FROM "
                        + table.fromClause(shard)
                        + " FORMAT RowBinary";
        ClickHouseRowReader reader = table.read().newRowReader();
        long timeout = table.connection().socketTimeout().toMillis() * 2;
        try (QueryResponse response =
                clients.get(shard)
                        .get()
                        .query(sql, new QuerySettings().setFormat(ClickHouseFormat.RowBinary))
                        .get(timeout, TimeUnit.MILLISECONDS)) {
            RowBinaryInput in =
                    new RowBinaryInput(new BufferedInputStream(response.getInputStream(), 1 << 16));
            while (!in.atEnd()) {
                out.accept(reader.read(in));
            }
        } catch (ExecutionException e) {
            throw failed(split, e.getCause() == null ? e : e.getCause());
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            throw failed(split, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(split, e);
        } catch (Exception e) { // QueryResponse.close()
            throw failed(split, e);
        }
    }

    private static IOException failed(LoadSplit split, Throwable cause) {
        return new IOException(
                "Loading ClickHouse table " + split + " failed: " + cause.getMessage(), cause);
    }

    private static void requireAll(LoadScope scope) {
        if (!scope.isAll()) {
            throw new UnsupportedOperationException(
                    "The ClickHouse FULL cache loads whole tables only, not " + scope);
        }
    }

    @Override
    public void close() throws Exception {
        if (clients != null) {
            Closeables.closeAll(clients);
            clients = null;
        }
    }
}
