package dev.flinkext.connector.clickhouse.lookup;

import dev.flinkext.common.resource.Closeables;
import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.clickhouse.client.ClickHouseQueries;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowReader;
import dev.flinkext.connector.clickhouse.sharding.ShardRouter;
import dev.flinkext.lookup.batch.BlockingMultiKeyReader;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

import com.clickhouse.client.api.Client;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * lookup-core's multi-key read for ClickHouse: a batch of keys becomes one {@code SELECT <key
 * columns>, <produced columns> FROM t WHERE k IN (...)} (a tuple IN for a composite key) in
 * RowBinary, and each row read goes to the key in its first columns. Keys are typed literals
 * ({@code mapping/ClickHouseLiterals}); a key with a NULL part is a miss and is not sent. For a
 * Distributed table sharded by the key ({@link ClickHouseLookupTable#routedByKey()}) each key's
 * {@link #partitionOf partition} is its shard, so a batch is read from one shard's local table;
 * otherwise one read goes to the table itself.
 *
 * <p>client-v2 blocks on its requests: the reads run on lookup-core's pool of {@code
 * lookup.read-threads} threads ({@link BlockingMultiKeyReader}). One shared client per task manager
 * and shard (or endpoints), leased in {@link #openClient}.
 */
public final class ClickHouseMultiKeyReader extends BlockingMultiKeyReader {

    private static final long serialVersionUID = 1L;

    private final ClickHouseLookupTable table;

    private transient List<SharedResources.Lease<Client>> clients;
    private transient ClickHouseLookupKeys keys;
    private transient ClickHouseRowReader rows;
    private transient ThreadLocal<ShardRouter> routers;

    public ClickHouseMultiKeyReader(String tableName, ClickHouseLookupTable table, int threads) {
        super("flinkext-clickhouse-lookup " + tableName, threads);
        this.table = table;
    }

    @Override
    protected void openClient(FunctionContext context) {
        keys = keysOf(table);
        rows = table.read().newRowReader();
        routers = table.routedByKey() ? ThreadLocal.withInitial(table::newRouter) : null;
        clients = table.leaseClients();
    }

    static ClickHouseLookupKeys keysOf(ClickHouseLookupTable table) {
        return new ClickHouseLookupKeys(
                table.keyNames(),
                table.keyTypes(),
                table.keyColumns(),
                ZoneId.of(table.read().serverZone()));
    }

    @Override
    public Object partitionOf(RowData key) {
        if (routers == null) {
            return 0;
        }
        if (keys.hasNull(key)) {
            return 0; // a miss: it is never sent
        }
        return routers.get().shardOf(key);
    }

    @Override
    protected Map<RowData, Collection<RowData>> readBlocking(List<RowData> batch) throws Exception {
        Map<List<Object>, RowData> byValues = new HashMap<>();
        StringBuilder in = new StringBuilder();
        for (RowData key : batch) {
            if (keys.hasNull(key) || byValues.putIfAbsent(keys.of(key), key) != null) {
                continue;
            }
            in.append(in.length() == 0 ? "" : ", ");
            keys.appendLiteral(key, in);
        }
        if (byValues.isEmpty()) {
            return Map.of();
        }
        int shard = (Integer) partitionOf(batch.get(0));
        String sql =
                "SELECT "
                        + keys.selectList()
                        + ", "
                        + table.read().selectList()
                        + " FROM "
                        + table.fromClause(shard)
                        + " WHERE "
                        + keys.expression()
                        + " IN ("
                        + in
                        + ")"
                        + table.pushedConditions().map(c -> " AND " + c).orElse("")
                        + " FORMAT RowBinary";
        Map<RowData, Collection<RowData>> found = new HashMap<>();
        ClickHouseQueries.streamRowBinary(
                clients.get(shard).get(),
                table.connectionOf(shard),
                sql,
                table.tableOf(shard) + " at " + table.connectionOf(shard).describeEndpoints(),
                input -> {
                    RowData key = byValues.get(keys.read(input));
                    RowData row = rows.read(input);
                    if (key != null) {
                        found.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
                    }
                });
        return found;
    }

    @Override
    protected void closeClient() throws Exception {
        if (clients != null) {
            Closeables.closeAll(clients);
            clients = null;
        }
    }
}
