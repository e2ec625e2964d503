package dev.flinkext.connector.kudu.source;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.client.KuduClients;
import dev.flinkext.connector.kudu.client.KuduTables;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMappingResolver;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.kudu.Schema;
import org.apache.kudu.client.KuduClient;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded FLIP-27 source reading a Kudu table: one split per tablet from Kudu's scan tokens, with
 * the projection, the predicates ({@link KuduFilter}) and the limit evaluated by the tablet
 * servers. Each reader scans through its task manager's shared {@link KuduClient}. Usable from
 * DataStream:
 *
 * <pre>{@code
 * KuduSource source = KuduSource.builder()
 *     .connection(KuduConnectionOptions.builder("kudu-master:7051").build())
 *     .tableName("metrics")
 *     .rowType(rowType)                                   // checked against the Kudu schema here
 *     .producedType(InternalTypeInfo.of(rowType))
 *     .filters(List.of(KuduFilter.compare("id", KuduFilter.Op.GREATER_EQUAL, 100L)))
 *     .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "kudu metrics");
 * }</pre>
 *
 * <p>Fault tolerance: scans are fault-tolerant (a tablet's rows in primary-key order, read at one
 * snapshot fixed when the split is first opened), a checkpoint records the rows of each split
 * emitted, and a restore skips that many: no row is lost or repeated. The snapshot must still be
 * within the tablet servers' history retention ({@code --tablet_history_max_age_sec}, 15 minutes by
 * default) when a split is read again.
 *
 * <p>Continuous mode ({@link Builder#continuous}): the source is unbounded; each reader holds its
 * tablets for good and, after a tablet's snapshot, reads its changes with Kudu diff scans, one
 * window of hybrid time per poll, emitted as a changelog ({@link KuduChangeWindow}). A checkpoint
 * records each tablet's window and rows emitted of it ({@link KuduSplitPosition}), so a restore
 * resumes exactly; that window's start must still be within the tablet servers' history. With
 * {@link Builder#partitionDiscovery} the enumerator lists the table's tablets every interval: a
 * range partition added while the job runs is read like the first ones (its snapshot, then its
 * changes), and the split of a dropped one ends ({@link KuduTabletsDropped}); the enumerator's
 * checkpoint holds every tablet it planned ({@link KuduEnumeratorState}).
 *
 * <p>Limit: each tablet's scanner stops at the limit, and each reader stops once it produced that
 * many rows; with several readers the total can exceed it (the SQL planner keeps its own limit
 * above the source).
 */
public final class KuduSource
        implements Source<RowData, KuduSourceSplit, KuduEnumeratorState>,
                ResultTypeQueryable<RowData> {

    private static final long serialVersionUID = 1L;

    private final KuduConnectionOptions connection;
    private final KuduScanSpec spec;
    private final TypeInformation<RowData> producedType;

    /** Continuous mode's poll interval, or null for a bounded scan. */
    @Nullable private final Duration changesInterval;

    /** How often a continuous scan lists the table's tablets; zero for never. */
    private final Duration discoveryInterval;

    private KuduSource(
            KuduConnectionOptions connection,
            KuduScanSpec spec,
            TypeInformation<RowData> producedType,
            @Nullable Duration changesInterval,
            Duration discoveryInterval) {
        this.connection = connection;
        this.spec = spec;
        this.producedType = producedType;
        this.changesInterval = changesInterval;
        this.discoveryInterval = discoveryInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Boundedness getBoundedness() {
        return continuous() ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    /** Whether the source follows the table's changes after its snapshot. */
    public boolean continuous() {
        return changesInterval != null;
    }

    @Override
    public SourceReader<RowData, KuduSourceSplit> createReader(SourceReaderContext context) {
        String where = where();
        if (continuous()) {
            long intervalMillis = changesInterval.toMillis();
            Set<String> dropped = ConcurrentHashMap.newKeySet(); // told by the enumerator
            return new KuduSourceReader(
                    () ->
                            new KuduContinuousSplitReader(
                                    KuduClients.acquire(connection),
                                    spec,
                                    where,
                                    intervalMillis,
                                    dropped),
                    context,
                    dropped);
        }
        AtomicLong produced = new AtomicLong(); // this reader's rows, for the limit
        return new KuduSourceReader(
                () -> new KuduSplitReader(KuduClients.acquire(connection), spec, where, produced),
                context,
                null);
    }

    @Override
    public SplitEnumerator<KuduSourceSplit, KuduEnumeratorState> createEnumerator(
            SplitEnumeratorContext<KuduSourceSplit> context) throws Exception {
        // the enumerator keeps the lease until it closes: readers in the same JVM (a local or
        // MiniCluster job) then share this client instead of starting another one
        SharedResources.Lease<KuduClient> client = KuduClients.acquire(connection);
        try {
            KuduEnumeratorState state =
                    KuduSplitEnumerator.initialState(
                            KuduScanTokens.splits(client.get(), connection, spec, continuous()));
            return enumerator(context, state, client);
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }

    @Override
    public SplitEnumerator<KuduSourceSplit, KuduEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<KuduSourceSplit> context, KuduEnumeratorState checkpoint) {
        return enumerator(context, checkpoint, null);
    }

    private KuduSplitEnumerator enumerator(
            SplitEnumeratorContext<KuduSourceSplit> context,
            KuduEnumeratorState state,
            @Nullable AutoCloseable client) {
        boolean discovers = continuous() && !discoveryInterval.isZero();
        return new KuduSplitEnumerator(
                context,
                state,
                continuous(),
                discovers ? new KuduTabletDiscovery(connection, spec) : null,
                discoveryInterval.toMillis(),
                where(),
                client);
    }

    @Override
    public SimpleVersionedSerializer<KuduSourceSplit> getSplitSerializer() {
        return KuduSourceSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<KuduEnumeratorState> getEnumeratorCheckpointSerializer() {
        return KuduEnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    public KuduConnectionOptions connection() {
        return connection;
    }

    public KuduScanSpec spec() {
        return spec;
    }

    private String where() {
        return "Kudu table '" + spec.tableName() + "' on masters " + connection.masterAddresses();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KuduSource that
                && connection.equals(that.connection)
                && spec.equals(that.spec)
                && Objects.equals(changesInterval, that.changesInterval)
                && discoveryInterval.equals(that.discoveryInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, spec, changesInterval, discoveryInterval);
    }

    @Override
    public String toString() {
        return "KuduSource{"
                + spec
                + (continuous()
                        ? ", continuous every "
                                + changesInterval
                                + ", tablets listed every "
                                + discoveryInterval
                        : "")
                + " on "
                + connection.masterAddresses()
                + '}';
    }

    /**
     * Builds a {@link KuduSource}: connection, table name and either a row type (names as Kudu's
     * columns, a subset in any order; each type must hold its column) or a mapping resolved before
     * (as the SQL factory does), then optionally filters and a limit.
     */
    public static final class Builder {
        private KuduConnectionOptions connection;
        private String tableName;
        private RowType rowType;
        private KuduTableMapping mapping;
        private final List<KuduFilter> filters = new ArrayList<>();
        private long limit = KuduScanSpec.NO_LIMIT;
        private TypeInformation<RowData> producedType;
        private Duration changesInterval;
        private Duration discoveryInterval = Duration.ofMinutes(1);

        private Builder() {}

        /**
         * Continuous mode: how often the masters are asked for the table's tablets, so that range
         * partitions added later are read and dropped ones end; {@link Duration#ZERO} for never.
         * One minute by default.
         */
        public Builder partitionDiscovery(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException(
                        "The partition discovery interval must be positive, or zero for none: "
                                + interval);
            }
            this.discoveryInterval = interval;
            return this;
        }

        /**
         * Continuous mode: after each tablet's snapshot, read its changes every {@code interval}
         * and produce them as a changelog ({@code +I}, {@code -U}/{@code +U}, {@code -D}), in order
         * per key. Filters may then name primary-key columns only (a key never changes, so a row's
         * match never does), and there is no limit.
         */
        public Builder continuous(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException(
                        "The poll interval of a continuous scan must be positive: " + interval);
            }
            this.changesInterval = interval;
            return this;
        }

        /**
         * The type information of the produced rows, e.g. {@code InternalTypeInfo.of(rowType)}
         * (flink-table-runtime) or the planner's {@code createTypeInformation}.
         */
        public Builder producedType(TypeInformation<RowData> producedType) {
            this.producedType = producedType;
            return this;
        }

        public Builder connection(KuduConnectionOptions connection) {
            this.connection = connection;
            return this;
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /** The produced rows' type: field names are Kudu columns. */
        public Builder rowType(RowType rowType) {
            this.rowType = rowType;
            return this;
        }

        /** The produced columns as checked before (the SQL source's projected mapping). */
        public Builder mapping(KuduTableMapping mapping) {
            this.mapping = mapping;
            return this;
        }

        /** Predicates the tablet servers evaluate (ANDed); their columns need not be produced. */
        public Builder filters(List<KuduFilter> filters) {
            this.filters.addAll(filters);
            return this;
        }

        /** The most rows to read (see the class comment for what it means in parallel). */
        public Builder limit(long limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("A limit cannot be negative: " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * @throws org.apache.flink.table.api.ValidationException when the table is missing or the
         *     row type does not fit it, naming table, masters, column and both types
         * @throws IllegalArgumentException when a filter names a column the table lacks or a value
         *     that does not fit it
         */
        public KuduSource build() {
            Objects.requireNonNull(connection, "connection options are required");
            Objects.requireNonNull(producedType, "the produced type information is required");
            KuduTableMapping resolved = mapping;
            if (resolved == null) {
                Objects.requireNonNull(tableName, "a table name is required");
                Objects.requireNonNull(rowType, "a row type (or a mapping) is required");
                Schema schema = KuduTables.schemaOf(connection, tableName);
                List<LogicalType> types =
                        rowType.getFields().stream().map(RowType.RowField::getType).toList();
                resolved =
                        KuduTableMappingResolver.resolve(
                                tableName,
                                connection.masterAddresses(),
                                rowType.getFieldNames(),
                                types,
                                List.of(),
                                schema,
                                false);
                for (KuduFilter filter : filters) {
                    filter.toPredicate(schema); // fails now, naming the filter, not in the job
                }
            } else if (tableName != null && !tableName.equals(resolved.tableName())) {
                throw new IllegalArgumentException(
                        "Table name '"
                                + tableName
                                + "' differs from the mapping's '"
                                + resolved.tableName()
                                + "'");
            }
            if (changesInterval != null && limit != KuduScanSpec.NO_LIMIT) {
                throw new IllegalArgumentException(
                        "A continuous scan has no limit (it was given " + limit + ")");
            }
            List<KuduColumnMapping> columns = resolved.columns();
            return new KuduSource(
                    connection,
                    new KuduScanSpec(resolved.tableName(), columns, filters, limit),
                    producedType,
                    changesInterval,
                    discoveryInterval);
        }
    }
}
