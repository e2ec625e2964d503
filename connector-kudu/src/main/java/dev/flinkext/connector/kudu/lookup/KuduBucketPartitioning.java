package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.lookup.partition.FieldHashKeyPartitioning;
import dev.flinkext.lookup.partition.KeyPartitioning;
import dev.flinkext.lookup.partition.StorePartitionAssignment;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.ColumnTypeAttributes;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.PartitionSchema;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A partitioned lookup join's {@link KeyPartitioning} aligned to one of the Kudu table's hash
 * partition dimensions, used when the lookup key's columns are exactly that dimension's columns. A
 * key's subtask follows the hash bucket Kudu stores it in, computed by kudu-client itself
 * (kudu-client's {@code KeyEncoder.getHashBucket} is package-private in 1.18.1, so through the
 * public {@link PartitionSchema#encodePartitionKey} of a one-dimension, range-less partition
 * schema: its first 4 bytes are the bucket, big-endian), so each subtask's keys live in a known set
 * of buckets and its FULL load scans only those tablets ({@link #storePartitionsOf}) instead of
 * every tablet.
 *
 * <p>Buckets to subtasks: with at most as many subtasks as buckets, subtask {@code i} owns the
 * whole buckets {@code b} with {@code b % n == i}; with more subtasks than buckets, a bucket's keys
 * are spread (by a hash of the key's values) over the subtasks {@code i} with {@code i % buckets ==
 * b}. A key no Kudu row can hold (a NULL part, a value out of the column's range) has no bucket and
 * goes by the field hash: no subtask loads it, so every subtask answers it the same (a miss).
 *
 * <p>Serializable and shipped to the probe side's partitioner: the Kudu schema is rebuilt lazily
 * from plain column descriptions, Kudu objects stay transient.
 */
public final class KuduBucketPartitioning implements KeyPartitioning {

    private static final long serialVersionUID = 1L;

    private static final String PARTITION_PREFIX = "bucket-";

    private final Dimension dimension;
    private final KuduLookupKeys keys;
    private final FieldHashKeyPartitioning spread;

    private transient volatile Encoder encoder;

    private KuduBucketPartitioning(Dimension dimension, KuduLookupKeys keys) {
        this.dimension = dimension;
        this.keys = keys;
        this.spread =
                FieldHashKeyPartitioning.of(
                        keys.parts().stream().map(KuduColumnMapping::flinkType).toList());
    }

    /**
     * One column of a hash dimension, as much of its Kudu schema as hashing a value needs.
     *
     * @param id Kudu's column id (hash schemas name columns by id)
     */
    public record HashColumn(String name, Type type, int precision, int scale, int length, int id)
            implements Serializable {}

    /**
     * One table-wide hash partition dimension of a Kudu table.
     *
     * @param index the dimension's position in the table's hash schemas (and in a tablet's {@code
     *     Partition.getHashBuckets()})
     */
    public record Dimension(int index, List<HashColumn> columns, int numBuckets, int seed)
            implements Serializable {

        public Dimension {
            columns = List.copyOf(columns);
        }

        Set<String> columnNames() {
            Set<String> names = new HashSet<>();
            columns.forEach(c -> names.add(c.name()));
            return names;
        }
    }

    /**
     * The table-wide hash dimensions of {@code table}; none when ranges have their own hash schemas
     * (a key's bucket count would then depend on its range).
     */
    public static List<Dimension> dimensionsOf(KuduTable table) {
        PartitionSchema partitions = table.getPartitionSchema();
        if (!partitions.getRangesWithHashSchemas().isEmpty()) {
            return List.of();
        }
        Schema schema = table.getSchema();
        List<Dimension> dimensions = new ArrayList<>();
        List<PartitionSchema.HashBucketSchema> hashSchemas = partitions.getHashBucketSchemas();
        for (int i = 0; i < hashSchemas.size(); i++) {
            PartitionSchema.HashBucketSchema hash = hashSchemas.get(i);
            List<HashColumn> columns = new ArrayList<>();
            for (int id : hash.getColumnIds()) {
                ColumnSchema column = schema.getColumnByIndex(schema.getColumnIndex(id));
                ColumnTypeAttributes attributes = column.getTypeAttributes();
                columns.add(
                        new HashColumn(
                                column.getName(),
                                column.getType(),
                                attributes == null ? 0 : attributes.getPrecision(),
                                attributes == null ? 0 : attributes.getScale(),
                                attributes == null ? 0 : attributes.getLength(),
                                id));
            }
            dimensions.add(new Dimension(i, columns, hash.getNumBuckets(), hash.getSeed()));
        }
        return dimensions;
    }

    /**
     * The bucket partitioning for a lookup by {@code keyColumns}, when their columns are exactly
     * one dimension's (in any order); empty otherwise: the caller keeps the default field hash.
     *
     * @param keyColumns the lookup key parts' physical positions, in key-row order
     */
    public static Optional<KuduBucketPartitioning> of(
            List<Dimension> dimensions, KuduTableMapping mapping, int[] keyColumns) {
        if (keyColumns.length == 0) {
            return Optional.empty();
        }
        KuduLookupKeys keys = KuduLookupKeys.of(mapping, keyColumns);
        Set<String> keyNames = new HashSet<>();
        keys.parts().forEach(p -> keyNames.add(p.name()));
        if (keyNames.size() != keyColumns.length) {
            return Optional.empty(); // a column twice in the key
        }
        return dimensions.stream()
                .filter(d -> d.columnNames().equals(keyNames))
                .findFirst()
                .map(d -> new KuduBucketPartitioning(d, keys));
    }

    public Dimension dimension() {
        return dimension;
    }

    /** The store partition name of {@code bucket}, as {@link #storePartitionsOf} names it. */
    public static String partitionName(int bucket) {
        return PARTITION_PREFIX + bucket;
    }

    /**
     * Whether {@code partitions} (a table's, at load time) still has this dimension at the same
     * index with the same columns, buckets and seed: only then may a load skip tablets by bucket.
     */
    public boolean matches(PartitionSchema partitions) {
        List<PartitionSchema.HashBucketSchema> hashSchemas = partitions.getHashBucketSchemas();
        if (!partitions.getRangesWithHashSchemas().isEmpty()
                || hashSchemas.size() <= dimension.index()) {
            return false;
        }
        PartitionSchema.HashBucketSchema hash = hashSchemas.get(dimension.index());
        return hash.getNumBuckets() == dimension.numBuckets()
                && hash.getSeed() == dimension.seed()
                && hash.getColumnIds()
                        .equals(dimension.columns().stream().map(HashColumn::id).toList());
    }

    /** Kudu's hash bucket of {@code key} in this dimension, or -1 when no Kudu row can hold it. */
    public int bucketOf(RowData key) {
        return encoder().bucketOf(key);
    }

    @Override
    public int subtaskOf(RowData key, int numSubtasks) {
        if (numSubtasks < 1) {
            throw new IllegalArgumentException("numSubtasks must be at least 1: " + numSubtasks);
        }
        int bucket = bucketOf(key);
        if (bucket < 0) {
            return spread.subtaskOf(key, numSubtasks);
        }
        return StorePartitionAssignment.subtaskOf(
                bucket, dimension.numBuckets(), key, numSubtasks, spread);
    }

    @Override
    public Optional<Set<String>> storePartitionsOf(int subtask, int numSubtasks) {
        return Optional.of(
                StorePartitionAssignment.partitionNamesOf(
                        subtask,
                        numSubtasks,
                        dimension.numBuckets(),
                        KuduBucketPartitioning::partitionName));
    }

    private Encoder encoder() {
        Encoder e = encoder;
        if (e == null) {
            e = new Encoder(dimension, keys);
            encoder = e; // immutable once built: a racing second build is equal
        }
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KuduBucketPartitioning that
                && dimension.equals(that.dimension)
                && keys.equals(that.keys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dimension, keys);
    }

    @Override
    public String toString() {
        return "Kudu hash buckets of "
                + dimension.columns().stream().map(HashColumn::name).toList()
                + " ("
                + dimension.numBuckets()
                + " buckets)";
    }

    /** The Kudu side, rebuilt per instance: a schema of the dimension's columns and its hash. */
    private static final class Encoder {
        private final Schema schema;
        private final PartitionSchema partitions;
        private final KuduLookupKeys.Converter converter;
        private final String[] columnOfPart;

        Encoder(Dimension dimension, KuduLookupKeys keys) {
            List<ColumnSchema> columns = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            for (HashColumn column : dimension.columns()) {
                ColumnSchema.ColumnSchemaBuilder builder =
                        new ColumnSchema.ColumnSchemaBuilder(column.name(), column.type())
                                .key(true);
                if (column.type() == Type.DECIMAL) {
                    builder.typeAttributes(
                            new ColumnTypeAttributes.ColumnTypeAttributesBuilder()
                                    .precision(column.precision())
                                    .scale(column.scale())
                                    .build());
                } else if (column.type() == Type.VARCHAR) {
                    builder.typeAttributes(
                            new ColumnTypeAttributes.ColumnTypeAttributesBuilder()
                                    .length(column.length())
                                    .build());
                }
                columns.add(builder.build());
                ids.add(column.id());
            }
            schema = new Schema(columns, ids);
            partitions =
                    new PartitionSchema(
                            new PartitionSchema.RangeSchema(List.of()),
                            List.of(
                                    new PartitionSchema.HashBucketSchema(
                                            ids, dimension.numBuckets(), dimension.seed())),
                            schema);
            converter = keys.converter();
            columnOfPart =
                    keys.parts().stream().map(KuduColumnMapping::name).toArray(String[]::new);
        }

        int bucketOf(RowData key) {
            GenericRowData normalized = converter.normalize(key);
            @Nullable Object[] values = converter.predicateValues(normalized);
            if (values == null) {
                return -1;
            }
            PartialRow row = schema.newPartialRow();
            for (int i = 0; i < values.length; i++) {
                row.addObject(columnOfPart[i], values[i]);
            }
            // the hash buckets' encoding (one dimension, no range part): a big-endian int
            return ByteBuffer.wrap(partitions.encodePartitionKey(row)).getInt();
        }
    }
}
