package dev.flinkext.connector.kudu.table;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.lookup.KuduBucketPartitioning;
import dev.flinkext.connector.kudu.lookup.KuduFullCacheLoader;
import dev.flinkext.connector.kudu.lookup.KuduMultiKeyReader;
import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.source.KuduFilter;
import dev.flinkext.lookup.LookupProviderBuilder;
import dev.flinkext.lookup.LookupSettings;
import dev.flinkext.lookup.keys.ProjectedLookupKeys;
import dev.flinkext.lookup.partition.LookupShuffle;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.LookupTableSource.LookupContext;
import org.apache.flink.table.connector.source.LookupTableSource.LookupRuntimeProvider;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a Kudu table source needs for lookup joins, in one place so that a source class only
 * delegates: builds lookup-core's runtime provider (caches, sync or async batching, FULL loads)
 * from the table's options, the planner's lookup context and the produced (projected) row type.
 */
public final class KuduLookupSourceSupport implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String tableName;
    private final KuduConnectionOptions connection;
    private final KuduTableMapping mapping;
    private final LookupSettings lookup;
    private final int maxInList;
    private final List<KuduBucketPartitioning.Dimension> hashDimensions;

    /**
     * @param tableName the Flink table's name, for logs and errors
     * @param mapping the DDL's columns over the Kudu table (checked at planning time)
     * @param lookup the validated {@code lookup.*} options
     * @param maxInList {@code lookup.in-list.max-size}
     */
    public KuduLookupSourceSupport(
            String tableName,
            KuduConnectionOptions connection,
            KuduTableMapping mapping,
            LookupSettings lookup,
            int maxInList) {
        this(tableName, connection, mapping, lookup, maxInList, List.of());
    }

    /**
     * @param hashDimensions the Kudu table's hash partition dimensions, read at planning time: a
     *     partitioned lookup by exactly one dimension's columns is routed by Kudu's hash bucket
     *     ({@link KuduBucketPartitioning}), so each subtask's FULL load scans only its tablets
     */
    public KuduLookupSourceSupport(
            String tableName,
            KuduConnectionOptions connection,
            KuduTableMapping mapping,
            LookupSettings lookup,
            int maxInList,
            List<KuduBucketPartitioning.Dimension> hashDimensions) {
        this.hashDimensions = List.copyOf(hashDimensions);
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.maxInList = maxInList;
    }

    /**
     * @param projection the produced columns' physical positions (from {@code applyProjection}),
     *     null when nothing was projected
     * @param producedType the produced row type: after projection push-down
     * @param shuffle where the source's {@code getPartitioner()} finds this lookup's partitioning
     * @param filters conditions the planner pushed into the source: every lookup scan applies them
     */
    public LookupRuntimeProvider provider(
            LookupContext context,
            @Nullable int[] projection,
            RowType producedType,
            LookupShuffle shuffle,
            List<KuduFilter> filters) {
        int[] keyColumns = topLevel(ProjectedLookupKeys.toPhysical(context.getKeys(), projection));
        LookupProviderBuilder provider =
                lookup.provider(tableName, context, producedType)
                        .shuffle(shuffle)
                        .reader(
                                new KuduMultiKeyReader(
                                        connection,
                                        mapping,
                                        keyColumns,
                                        projection,
                                        maxInList,
                                        filters))
                        .fullLoader(
                                new KuduFullCacheLoader(connection, mapping, projection, filters));
        // by Kudu's hash buckets when the key is one hash dimension's columns; else the field hash
        KuduBucketPartitioning.of(hashDimensions, mapping, keyColumns)
                .ifPresent(provider::partitioning);
        // tablets never share a key, so a FULL load has no duplicates; should a scan still hand
        // a row over twice, keep one per primary key (when the produced row holds it)
        primaryKeyPositions()
                .flatMap(pk -> ProjectedLookupKeys.toProduced(pk, projection))
                .ifPresent(provider::deduplicateFullLoadsBy);
        return provider.build();
    }

    private int[] topLevel(int[][] keys) {
        int[] columns = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].length != 1) {
                throw new ValidationException(
                        "Kudu table "
                                + tableName
                                + " cannot be looked up by a nested field "
                                + Arrays.toString(keys[i])
                                + "; join on top-level columns.");
            }
            columns[i] = keys[i][0];
        }
        return columns;
    }

    /** The physical positions of Kudu's primary key, if the DDL declares all its columns. */
    private Optional<int[]> primaryKeyPositions() {
        List<String> key = mapping.primaryKey();
        int[] positions = new int[key.size()];
        for (int i = 0; i < positions.length; i++) {
            String name = key.get(i);
            positions[i] =
                    mapping.columns().stream()
                            .filter(c -> c.name().equals(name))
                            .mapToInt(KuduColumnMapping::position)
                            .findFirst()
                            .orElse(-1);
            if (positions[i] < 0) {
                return Optional.empty();
            }
        }
        return positions.length == 0 ? Optional.empty() : Optional.of(positions);
    }

    public LookupSettings lookupSettings() {
        return lookup;
    }

    public KuduTableMapping mapping() {
        return mapping;
    }

    public KuduConnectionOptions connection() {
        return connection;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KuduLookupSourceSupport that
                && tableName.equals(that.tableName)
                && connection.equals(that.connection)
                && mapping.equals(that.mapping)
                && lookup.equals(that.lookup)
                && maxInList == that.maxInList
                && hashDimensions.equals(that.hashDimensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tableName, connection, mapping, lookup, maxInList, hashDimensions);
    }
}
