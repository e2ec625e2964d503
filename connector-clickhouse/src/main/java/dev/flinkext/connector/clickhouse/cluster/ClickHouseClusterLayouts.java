package dev.flinkext.connector.clickhouse.cluster;

import dev.flinkext.connector.clickhouse.client.ClickHouseClients;
import dev.flinkext.connector.clickhouse.client.ClickHouseTables;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.mapping.RowBinaryInput;

import org.apache.flink.table.api.ValidationException;

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
import java.util.concurrent.TimeoutException;

/**
 * Reads a Distributed table's {@link ClickHouseClusterLayout} from the server the connection
 * options name: {@code system.tables.engine_full} for the engine's arguments, then {@code
 * system.clusters} (as that server knows the cluster) for shards, weights and replicas.
 */
public final class ClickHouseClusterLayouts {

    private ClickHouseClusterLayouts() {}

    /**
     * The layout of {@code database.table}, which must be a Distributed table, through a client of
     * its own.
     *
     * @throws ValidationException when the table does not exist, is not Distributed, its cluster is
     *     unknown to the server, or the server cannot be asked (naming table and endpoints)
     */
    public static ClickHouseClusterLayout read(
            ClickHouseConnectionOptions connection,
            String database,
            String table,
            ShardEndpoints endpoints) {
        try (Client client = ClickHouseClients.create(connection)) {
            return read(client, connection, database, table, endpoints);
        }
    }

    static ClickHouseClusterLayout read(
            Client client,
            ClickHouseConnectionOptions connection,
            String database,
            String table,
            ShardEndpoints endpoints) {
        String where = ClickHouseTables.describe(connection, database, table);
        List<List<String>> tables =
                query(
                        client,
                        connection,
                        "SELECT engine, engine_full FROM system.tables WHERE database = "
                                + ClickHouseTables.quote(database)
                                + " AND name = "
                                + ClickHouseTables.quote(table),
                        2,
                        where);
        if (tables.isEmpty()) {
            throw new ValidationException(
                    "ClickHouse table "
                            + where
                            + " does not exist (options 'database-name' and 'table-name').");
        }
        String engineName = tables.get(0).get(0);
        if (!engineName.equals("Distributed")) {
            throw new ValidationException(
                    "ClickHouse table "
                            + where
                            + " is not a Distributed table: its engine is "
                            + engineName
                            + ".");
        }
        DistributedEngine engine = DistributedEngine.parse(tables.get(0).get(1), database);
        List<List<String>> rows =
                query(
                        client,
                        connection,
                        "SELECT toString(shard_num), toString(shard_weight), toString(replica_num),"
                                + " host_name, host_address, toString(port)"
                                + " FROM system.clusters WHERE cluster = "
                                + ClickHouseTables.quote(engine.cluster())
                                + " ORDER BY shard_num, replica_num",
                        6,
                        where);
        if (rows.isEmpty()) {
            throw new ValidationException(
                    "The cluster '"
                            + engine.cluster()
                            + "' of the Distributed table "
                            + where
                            + " is not in system.clusters of that server.");
        }
        List<ClickHouseShard> shards = new ArrayList<>();
        List<ClickHouseReplica> replicas = new ArrayList<>();
        int shardNum = -1;
        int weight = 0;
        for (List<String> row : rows) {
            int num = Integer.parseInt(row.get(0));
            if (num != shardNum && shardNum != -1) {
                shards.add(new ClickHouseShard(shardNum, weight, replicas));
                replicas = new ArrayList<>();
            }
            shardNum = num;
            weight = Integer.parseInt(row.get(1));
            int tcpPort = Integer.parseInt(row.get(5));
            replicas.add(
                    new ClickHouseReplica(
                            Integer.parseInt(row.get(2)),
                            row.get(3),
                            row.get(4),
                            tcpPort,
                            endpoints.endpointOf(row.get(3), tcpPort)));
        }
        shards.add(new ClickHouseShard(shardNum, weight, replicas));
        return new ClickHouseClusterLayout(database, table, engine, shards);
    }

    /** Rows of {@code columns} String columns (FORMAT RowBinary in the text: 18.16 needs it). */
    private static List<List<String>> query(
            Client client,
            ClickHouseConnectionOptions connection,
            String sql,
            int columns,
            String where) {
        List<List<String>> rows = new ArrayList<>();
        try (QueryResponse response =
                client.query(
                                sql + " FORMAT RowBinary",
                                new QuerySettings().setFormat(ClickHouseFormat.RowBinary))
                        .get(connection.socketTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
            RowBinaryInput in =
                    new RowBinaryInput(new BufferedInputStream(response.getInputStream()));
            while (!in.atEnd()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 0; i < columns; i++) {
                    row.add(in.readString());
                }
                rows.add(row);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidationException(
                    "Interrupted while reading the cluster layout of " + where, e);
        } catch (ExecutionException | TimeoutException | IOException | RuntimeException e) {
            Throwable cause =
                    e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ValidationException(
                    "Cannot read the cluster layout of " + where + ": " + cause.getMessage(),
                    cause);
        } catch (Exception e) { // QueryResponse.close()
            throw new ValidationException("Cannot read the cluster layout of " + where, e);
        }
        return rows;
    }
}
