package dev.flinkext.connector.clickhouse.source;

import dev.flinkext.connector.clickhouse.client.ClickHouseClients;
import dev.flinkext.connector.clickhouse.client.ClickHouseQueries;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseLiterals;

import com.clickhouse.client.api.Client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a scan into splits when the job starts: for each shard, one split per active partition
 * ({@code system.parts}, asked of the shard's replicas in order until one answers), or one split
 * for the whole table when it is not of the MergeTree family. Partitions are stable (parts merge
 * only within a partition), so a split's condition {@code _partition_id = 'x'} still means the same
 * rows after merges; partitions created after this point are not read (the scan is bounded).
 */
public final class ClickHouseSplitPlanner {

    private ClickHouseSplitPlanner() {}

    /**
     * @throws IOException when every replica of a shard fails to answer, with their messages
     */
    public static List<ClickHouseSourceSplit> plan(
            ClickHouseConnectionOptions connection, ClickHouseScanTarget target)
            throws IOException {
        String table =
                ClickHouseLiterals.identifier(target.database())
                        + "."
                        + ClickHouseLiterals.identifier(target.table());
        List<ClickHouseSourceSplit> splits = new ArrayList<>();
        for (int shard = 0; shard < target.shards().size(); shard++) {
            List<ClickHouseEndpoint> replicas = target.shards().get(shard);
            String prefix = target.shards().size() == 1 ? "" : "shard-" + (shard + 1) + "/";
            if (!target.partitioned()) {
                splits.add(
                        new ClickHouseSourceSplit(
                                prefix + "all", replicas, table, Optional.empty(), 0));
                continue;
            }
            for (String partition : partitions(connection, replicas, target)) {
                splits.add(
                        new ClickHouseSourceSplit(
                                prefix + partition, replicas, table, Optional.of(partition), 0));
            }
        }
        return splits;
    }

    private static List<String> partitions(
            ClickHouseConnectionOptions connection,
            List<ClickHouseEndpoint> replicas,
            ClickHouseScanTarget target)
            throws IOException {
        String sql =
                "SELECT DISTINCT partition_id FROM system.parts WHERE active AND database = "
                        + ClickHouseLiterals.quoted(target.database())
                        + " AND table = "
                        + ClickHouseLiterals.quoted(target.table())
                        + " ORDER BY partition_id FORMAT RowBinary";
        IOException failure = null;
        for (ClickHouseEndpoint replica : replicas) {
            ClickHouseConnectionOptions one = connection.withEndpoints(List.of(replica));
            List<String> partitions = new ArrayList<>();
            try (Client client = ClickHouseClients.create(one)) {
                ClickHouseQueries.streamRowBinary(
                        client,
                        one,
                        sql,
                        "'" + target.database() + "." + target.table() + "' at " + replica,
                        in -> partitions.add(in.readString()));
                return partitions;
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }
}
