package dev.flinkext.connector.clickhouse.lookup;

import dev.flinkext.common.resource.Closeables;
import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.clickhouse.client.ClickHouseQueries;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowReader;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.lookup.full.LoadScope;

import org.apache.flink.table.functions.FunctionContext;

import com.clickhouse.client.api.Client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The FULL cache's load of a ClickHouse table: one split per shard's local table when the table is
 * Distributed and sharded by the lookup key (shards never share a key), else one split reading the
 * table (a Distributed table then asks every shard itself); each split one streamed {@code SELECT
 * <produced columns> FROM t FORMAT RowBinary}. A subtask's share ({@link LoadScope}, partitioned
 * lookup joins) reads only the shards its keys live on when the table is sharded by the key ({@link
 * ClickHouseShardPartitioning}), else every split (the cache keeps the share's keys).
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
        clients = table.leaseClients();
    }

    @Override
    public List<LoadSplit> splits(LoadScope scope) {
        List<LoadSplit> splits = new ArrayList<>();
        // a subtask's share of a table sharded by the key: only the shards its keys live on
        Optional<Set<String>> shards =
                table.routedByKey() ? scope.storePartitions() : Optional.empty();
        for (int shard = 0; shard < table.shardCount(); shard++) {
            if (shards.isPresent()
                    && !shards.get().contains(ClickHouseShardPartitioning.shardName(shard))) {
                continue;
            }
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
        int shard = ((ShardSplit) split).shard();
        String sql =
                "SELECT "
                        + table.read().selectList()
                        + " FROM "
                        + table.fromClause(shard)
                        + table.pushedConditions().map(c -> " WHERE " + c).orElse("")
                        + " FORMAT RowBinary";
        ClickHouseRowReader reader = table.read().newRowReader();
        ClickHouseQueries.streamRowBinary(
                clients.get(shard).get(),
                table.connectionOf(shard),
                sql,
                split.toString(),
                in -> out.accept(reader.read(in)));
    }

    @Override
    public void close() throws Exception {
        if (clients != null) {
            Closeables.closeAll(clients);
            clients = null;
        }
    }
}
