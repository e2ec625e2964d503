package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.common.resource.Closeables;
import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.clickhouse.client.ClickHouseClients;
import dev.flinkext.connector.clickhouse.client.ClickHouseTables;
import dev.flinkext.connector.clickhouse.cluster.ShardEndpoints;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;
import dev.flinkext.connector.clickhouse.config.ClickHouseUpsertStrategy;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseLiterals;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowMapping;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.sink.config.SinkWriterOptions;
import dev.flinkext.sink.writer.BufferedSink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Sink V2 appending {@link RowData} to a ClickHouse table: sink-core's {@link BufferedSink}
 * (batches by rows, bytes and time, several in flight, capped retries, flushed at every checkpoint:
 * at-least-once) over a RowBinary INSERT per batch.
 *
 * <pre>{@code
 * ClickHouseSink sink = ClickHouseSink.builder()
 *     .connection(ClickHouseConnectionOptions.builder("http://ch:8123").build())
 *     .table("default", "events")
 *     .rowType(rowType)            // names as the table's columns, checked against it here
 *     .options(SinkWriterOptions.builder().maxRows(10_000).build())
 *     .build();
 * rows.sinkTo(sink);
 * }</pre>
 *
 * <p>{@link Builder#build()} reads the table's columns and the server's time zone and checks the
 * row type against them ({@link ClickHouseRowMapping}), so errors surface when the job is built.
 * Rows must be INSERT rows unless a {@link Builder#primaryKey primary key} is given: then the sink
 * takes a changelog, applied as the table engine allows ({@link ClickHouseChangelogPlan}). Each
 * writer takes a lease on its task manager's shared client of the same connection options.
 */
public final class ClickHouseSink implements Sink<RowData> {

    private static final long serialVersionUID = 1L;

    private final ClickHouseConnectionOptions connection;
    private final String database;
    private final String table;
    private final SinkWriterOptions options;
    private final ClickHouseRowMapping mapping;
    private final ClickHouseChangelogPlan plan;
    private final @Nullable ClickHouseLocalWritePlan local;

    private ClickHouseSink(
            ClickHouseConnectionOptions connection,
            String database,
            String table,
            SinkWriterOptions options,
            ClickHouseRowMapping mapping,
            ClickHouseChangelogPlan plan,
            @Nullable ClickHouseLocalWritePlan local) {
        this.connection = connection;
        this.database = database;
        this.table = table;
        this.options = options;
        this.mapping = mapping;
        this.plan = plan;
        this.local = local;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) throws IOException {
        String name =
                local == null
                        ? "ClickHouse table "
                                + ClickHouseTables.describe(connection, database, table)
                        : "ClickHouse table " + local.describe() + " written shard-local";
        List<String> columns =
                java.util.stream.Stream.concat(
                                mapping.insertColumns().stream(), plan.sinkColumns().stream())
                        .map(ClickHouseLiterals::identifier)
                        .toList();
        // the answer to a batch may take as long as the socket timeout, twice for safety
        long timeoutMillis = connection.socketTimeout().toMillis() * 2;
        List<ClickHouseInsertTarget> targets = new ArrayList<>();
        try {
            if (local == null) {
                targets.add(
                        new ClickHouseInsertTarget(
                                List.of(ClickHouseClients.acquire(connection)),
                                List.of(name),
                                ClickHouseLiterals.identifier(database)
                                        + "."
                                        + ClickHouseLiterals.identifier(table),
                                columns,
                                timeoutMillis,
                                keyExpression()));
            } else {
                for (int shard = 0; shard < local.shardCount(); shard++) {
                    targets.add(localTarget(shard, columns, timeoutMillis));
                }
            }
            BufferedSink<RowData, ClickHouseInsertRow> sink =
                    new BufferedSink<>(
                            name,
                            options,
                            new ClickHouseRowConverter(mapping, plan, local),
                            ClickHouseEntryTraits.of(plan),
                            (ctx, writerOptions) ->
                                    new ClickHouseBatchWriter(
                                            targets, name, writerOptions.maxInFlightBatches()));
            return sink.createWriter(context);
        } catch (IOException | RuntimeException e) {
            // a no-op for targets the batch writer closed already
            Closeables.closeAllQuietly(targets, e);
            throw e;
        }
    }

    /** For {@code mutations}: the key as the DELETE names it; null for other strategies. */
    @Nullable
    private String keyExpression() {
        return plan.mutations() ? mapping.keyExpression(plan.keyPositions()) : null;
    }

    /**
     * Shard {@code shard}'s local table, a client per replica (leased in turn, closed on failure).
     */
    private ClickHouseInsertTarget localTarget(
            int shard, List<String> columns, long timeoutMillis) {
        List<SharedResources.Lease<Client>> leases = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (ClickHouseEndpoint replica : local.replicasOf(shard)) {
                ClickHouseConnectionOptions at = connection.withEndpoints(List.of(replica));
                names.add(
                        "shard "
                                + (shard + 1)
                                + " of "
                                + local.describe()
                                + ": local table "
                                + ClickHouseTables.describe(
                                        at, local.localDatabase(), local.localTable()));
                leases.add(ClickHouseClients.acquire(at));
            }
            return new ClickHouseInsertTarget(
                    leases,
                    names,
                    ClickHouseLiterals.identifier(local.localDatabase())
                            + "."
                            + ClickHouseLiterals.identifier(local.localTable()),
                    columns,
                    timeoutMillis,
                    keyExpression());
        } catch (RuntimeException e) {
            Closeables.closeAllQuietly(leases, e);
            throw e;
        }
    }

    public ClickHouseConnectionOptions connection() {
        return connection;
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }

    public SinkWriterOptions options() {
        return options;
    }

    public ClickHouseRowMapping mapping() {
        return mapping;
    }

    /**
     * The changelog the sink takes for a query producing {@code requested} (see {@link
     * ClickHouseChangelogPlan}).
     *
     * @throws ValidationException naming the table and its engine when the query updates or deletes
     *     and the table's strategy cannot apply it
     */
    public ChangelogMode changelogMode(ChangelogMode requested) {
        return plan.changelogMode(requested);
    }

    /** The strategy applying a changelog, e.g. {@code replacing by [k]}. */
    public String changelogStrategy() {
        return plan.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseSink that
                && plan.equals(that.plan)
                && connection.equals(that.connection)
                && database.equals(that.database)
                && table.equals(that.table)
                && options.equals(that.options)
                && mapping.equals(that.mapping)
                && Objects.equals(local, that.local);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, database, table, options, mapping, plan, local);
    }

    @Override
    public String toString() {
        return "ClickHouseSink{"
                + mapping.table()
                + ", "
                + mapping.insertColumns()
                + (local == null ? "" : ", " + local)
                + '}';
    }

    /**
     * The time zone the server reads a DateTime column without one in ({@code SELECT timezone()}).
     *
     * @throws ValidationException naming the endpoints when the server cannot be asked
     */
    public static ZoneId serverTimeZone(ClickHouseConnectionOptions connection) {
        try (Client client = ClickHouseClients.create(connection);
                QueryResponse response =
                        client.query(
                                        "SELECT timezone() FORMAT TabSeparated",
                                        new QuerySettings()
                                                .setFormat(ClickHouseFormat.TabSeparated))
                                .get(
                                        connection.socketTimeout().toMillis() * 2,
                                        TimeUnit.MILLISECONDS)) {
            String zone =
                    new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                            .strip();
            return ZoneId.of(zone);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidationException(
                    "Interrupted asking " + connection.describeEndpoints() + " for its time zone",
                    e);
        } catch (Exception e) {
            Throwable cause =
                    e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                            ? e.getCause()
                            : e;
            throw new ValidationException(
                    "Cannot read the time zone of ClickHouse at "
                            + connection.describeEndpoints()
                            + ": "
                            + cause.getMessage(),
                    cause);
        }
    }

    /** Builds a {@link ClickHouseSink}: connection, table and either the row type or a mapping. */
    public static final class Builder {
        private ClickHouseConnectionOptions connection;
        private String database = "default";
        private String table;
        private SinkWriterOptions options = SinkWriterOptions.defaults();
        private RowType rowType;
        private ClickHouseRowMapping mapping;
        private List<String> primaryKey = List.of();
        private ClickHouseUpsertStrategy upsertStrategy = ClickHouseUpsertStrategy.AUTO;
        private boolean ignoreDelete;
        private boolean writeLocal;
        private @Nullable ShardEndpoints shardEndpoints;

        private Builder() {}

        /**
         * {@code sink.write-local}: the table is Distributed; write each row into the local table
         * of the shard the Distributed table would send it to (its sharding expression and shard
         * weights, read from the server when the sink is built), never through the Distributed
         * table. Needs {@link #rowType}.
         */
        public Builder writeLocal(boolean writeLocal) {
            this.writeLocal = writeLocal;
            return this;
        }

        /**
         * How {@code sink.write-local} reaches each replica over HTTP; by default at its host as
         * {@code system.clusters} names it, with the scheme and port of the first configured URL.
         */
        public Builder shardEndpoints(ShardEndpoints shardEndpoints) {
            this.shardEndpoints = Objects.requireNonNull(shardEndpoints, "shardEndpoints");
            return this;
        }

        /**
         * The rows' primary key (column names): with it the sink takes a changelog, applied as the
         * table engine allows (see {@link ClickHouseChangelogPlan}). Needs {@link #rowType}.
         */
        public Builder primaryKey(List<String> primaryKey) {
            this.primaryKey = List.copyOf(primaryKey);
            return this;
        }

        /** {@code sink.upsert-strategy}; {@code AUTO} (derived from the engine) by default. */
        public Builder upsertStrategy(ClickHouseUpsertStrategy upsertStrategy) {
            this.upsertStrategy = Objects.requireNonNull(upsertStrategy, "upsertStrategy");
            return this;
        }

        /** {@code sink.ignore-delete}: drop DELETE rows. */
        public Builder ignoreDelete(boolean ignoreDelete) {
            this.ignoreDelete = ignoreDelete;
            return this;
        }

        public Builder connection(ClickHouseConnectionOptions connection) {
            this.connection = connection;
            return this;
        }

        public Builder table(String database, String table) {
            this.database = Objects.requireNonNull(database, "database");
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        public Builder options(SinkWriterOptions options) {
            this.options = options;
            return this;
        }

        /** The rows' type: its field names are the table's column names (a subset). */
        public Builder rowType(RowType rowType) {
            this.rowType = rowType;
            return this;
        }

        /** A mapping checked before (the SQL factory's); skips reading the schema again. */
        public Builder mapping(ClickHouseRowMapping mapping) {
            this.mapping = mapping;
            return this;
        }

        /**
         * @throws ValidationException when the table is missing or the row type does not fit it,
         *     naming the table, the endpoints, the column and both types
         */
        public ClickHouseSink build() {
            Objects.requireNonNull(connection, "connection options are required");
            Objects.requireNonNull(options, "sink options are required");
            Objects.requireNonNull(table, "a table is required");
            ClickHouseRowMapping resolved = mapping;
            String where = ClickHouseTables.describe(connection, database, table);
            ClickHouseLocalWritePlan local = null;
            ClickHouseChangelogPlan plan;
            if (resolved == null) {
                Objects.requireNonNull(rowType, "a row type (or a mapping) is required");
                List<ClickHouseColumn> columns;
                String engineFull;
                if (writeLocal) {
                    local =
                            ClickHouseLocalWritePlan.resolve(
                                    connection,
                                    database,
                                    table,
                                    shardEndpoints != null
                                            ? shardEndpoints
                                            : ShardEndpoints.sameAsConfigured(
                                                    connection.endpoints().get(0)),
                                    rowType);
                    where =
                            "'"
                                    + local.localDatabase()
                                    + "."
                                    + local.localTable()
                                    + "' on the shards of "
                                    + local.describe();
                    columns = local.localColumns();
                    engineFull = local.localEngine();
                } else {
                    columns = ClickHouseTables.columns(connection, database, table);
                    engineFull = ClickHouseTables.engineFull(connection, database, table);
                }
                ClickHouseEngine engine = ClickHouseEngine.parse(engineFull);
                plan =
                        ClickHouseChangelogPlan.resolve(
                                where,
                                engine,
                                columns,
                                rowType,
                                primaryKey,
                                upsertStrategy,
                                ignoreDelete);
                resolved =
                        ClickHouseRowMapping.resolve(
                                where,
                                rowType,
                                columns,
                                serverTimeZone(connection),
                                java.util.Set.copyOf(plan.sinkColumns()));
                if (plan.mutations()) {
                    resolved.newKeyLiterals(plan.keyPositions()); // a key with no literal form
                }
            } else {
                if (!primaryKey.isEmpty() || writeLocal) {
                    throw new IllegalArgumentException(
                            "a primary key or write-local needs the row type, not a mapping");
                }
                plan =
                        ClickHouseChangelogPlan.append(
                                where,
                                "not read",
                                "ClickHouse table "
                                        + where
                                        + " is written append-only (the sink was built from a"
                                        + " mapping, without a primary key).");
            }
            return new ClickHouseSink(connection, database, table, options, resolved, plan, local);
        }
    }
}
