package dev.flinkext.catalog.kudu;

import dev.flinkext.connector.kudu.mapping.KuduTypeMapping;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.RangePartitionBound;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a Flink {@code CREATE TABLE} into a Kudu schema and {@link CreateTableOptions}, refusing
 * what Kudu cannot hold with the column and the reason. The primary key is required and its columns
 * come first in the Kudu schema, in key order (Kudu requires it); the other columns follow in DDL
 * order.
 */
final class KuduTableDdl {

    final Schema schema;
    final CreateTableOptions options;

    private KuduTableDdl(Schema schema, CreateTableOptions options) {
        this.schema = schema;
        this.options = options;
    }

    static KuduTableDdl of(String kuduName, CatalogBaseTable table) {
        if (!(table instanceof ResolvedCatalogTable resolved)) {
            throw new ValidationException(
                    "Kudu catalog: only tables can be created (not views), got "
                            + table.getTableKind());
        }
        ResolvedSchema flink = resolved.getResolvedSchema();
        if (!flink.getWatermarkSpecs().isEmpty()) {
            throw new ValidationException(
                    "Kudu table '" + kuduName + "': a WATERMARK cannot be stored in Kudu.");
        }
        UniqueConstraint key =
                flink.getPrimaryKey()
                        .orElseThrow(
                                () ->
                                        new ValidationException(
                                                "Kudu table '"
                                                        + kuduName
                                                        + "' needs a PRIMARY KEY (... ) NOT"
                                                        + " ENFORCED: Kudu tables have one."));
        List<String> keyColumns = key.getColumns();
        Map<String, ColumnSchema> byName = new LinkedHashMap<>();
        for (Column column : flink.getColumns()) {
            if (!column.isPhysical()) {
                throw new ValidationException(
                        "Column '"
                                + column.getName()
                                + "' of Kudu table '"
                                + kuduName
                                + "' is computed or metadata: Kudu stores physical columns only.");
            }
            boolean isKey = keyColumns.contains(column.getName());
            if (isKey) {
                Type type =
                        KuduTypeMapping.kuduColumnFor(
                                        column.getName(), column.getDataType().getLogicalType())
                                .build()
                                .getType();
                if (type == Type.BOOL || type == Type.FLOAT || type == Type.DOUBLE) {
                    throw new ValidationException(
                            "Column '"
                                    + column.getName()
                                    + "' of type "
                                    + column.getDataType().getLogicalType().asSummaryString()
                                    + " cannot be a Kudu primary-key column: Kudu keys cannot be"
                                    + " BOOL, FLOAT or DOUBLE.");
                }
            }
            ColumnSchema.ColumnSchemaBuilder builder =
                    KuduTypeMapping.kuduColumnFor(
                                    column.getName(), column.getDataType().getLogicalType())
                            .key(isKey);
            column.getComment().ifPresent(builder::comment);
            byName.put(column.getName(), builder.build());
        }
        List<ColumnSchema> columns = new ArrayList<>();
        for (String name : keyColumns) {
            columns.add(byName.get(name));
        }
        for (ColumnSchema column : byName.values()) {
            if (!keyColumns.contains(column.getName())) {
                columns.add(column);
            }
        }
        Schema schema = new Schema(columns);
        return new KuduTableDdl(
                schema,
                createOptions(kuduName, schema, keyColumns, resolved.getOptions(), resolved));
    }

    private static CreateTableOptions createOptions(
            String kuduName,
            Schema schema,
            List<String> keyColumns,
            Map<String, String> raw,
            ResolvedCatalogTable table) {
        Set<String> known = new HashSet<>();
        for (ConfigOption<?> option : KuduTableOptions.all()) {
            known.add(option.key());
        }
        for (Map.Entry<String, String> entry : raw.entrySet()) {
            if (entry.getKey().equals(KuduTableOptions.CONNECTOR)) {
                if (!entry.getValue().equals("kudu")) {
                    throw new ValidationException(
                            "Kudu table '"
                                    + kuduName
                                    + "': a Kudu catalog creates Kudu tables only, not 'connector'"
                                    + " = '"
                                    + entry.getValue()
                                    + "' (create that as a TEMPORARY table or in another"
                                    + " catalog).");
                }
            } else if (!known.contains(entry.getKey())) {
                throw new ValidationException(
                        "Kudu table '"
                                + kuduName
                                + "': unknown table option '"
                                + entry.getKey()
                                + "'. CREATE TABLE in a Kudu catalog takes "
                                + new java.util.TreeSet<>(known)
                                + ".");
            }
        }
        Configuration config = Configuration.fromMap(raw);
        CreateTableOptions options = new CreateTableOptions();
        boolean partitioned = false;

        List<String> hashColumns =
                config.getOptional(KuduTableOptions.PARTITION_HASH_COLUMNS)
                        .map(KuduTableOptions::split)
                        .orElse(List.of());
        Integer buckets = config.getOptional(KuduTableOptions.PARTITION_HASH_BUCKETS).orElse(null);
        if (!hashColumns.isEmpty() || buckets != null) {
            if (hashColumns.isEmpty() || buckets == null) {
                throw new ValidationException(
                        "Kudu table '"
                                + kuduName
                                + "': hash partitioning needs both '"
                                + KuduTableOptions.PARTITION_HASH_COLUMNS.key()
                                + "' and '"
                                + KuduTableOptions.PARTITION_HASH_BUCKETS.key()
                                + "'.");
            }
            hashColumns = keyColumnsOf(kuduName, hashColumns, keyColumns, "hash");
            if (buckets < 2) {
                throw new ValidationException(
                        "Kudu table '"
                                + kuduName
                                + "': '"
                                + KuduTableOptions.PARTITION_HASH_BUCKETS.key()
                                + "' = "
                                + buckets
                                + ", Kudu needs at least 2 hash buckets.");
            }
            options.addHashPartitions(hashColumns, buckets);
            partitioned = true;
        }

        List<String> rangeColumns =
                config.getOptional(KuduTableOptions.PARTITION_RANGE_COLUMNS)
                        .map(KuduTableOptions::split)
                        .orElse(List.of());
        Optional<String> bounds = config.getOptional(KuduTableOptions.PARTITION_RANGE_BOUNDS);
        Optional<String> ranges = config.getOptional(KuduTableOptions.PARTITION_RANGE_PARTITIONS);
        if ((bounds.isPresent() || ranges.isPresent()) && rangeColumns.isEmpty()) {
            throw new ValidationException(
                    "Kudu table '"
                            + kuduName
                            + "': '"
                            + (bounds.isPresent()
                                            ? KuduTableOptions.PARTITION_RANGE_BOUNDS
                                            : KuduTableOptions.PARTITION_RANGE_PARTITIONS)
                                    .key()
                            + "' needs '"
                            + KuduTableOptions.PARTITION_RANGE_COLUMNS.key()
                            + "'.");
        }
        if (bounds.isPresent() && ranges.isPresent()) {
            throw new ValidationException(
                    "Kudu table '"
                            + kuduName
                            + "': give either split points '"
                            + KuduTableOptions.PARTITION_RANGE_BOUNDS.key()
                            + "' or explicit ranges '"
                            + KuduTableOptions.PARTITION_RANGE_PARTITIONS.key()
                            + "', not both.");
        }
        if (!rangeColumns.isEmpty()) {
            rangeColumns = keyColumnsOf(kuduName, rangeColumns, keyColumns, "range");
            options.setRangePartitionColumns(rangeColumns);
            KuduRangeRows rows = new KuduRangeRows(kuduName, schema, rangeColumns);
            if (bounds.isPresent()) {
                for (List<String> split :
                        KuduRangeSyntax.splitPoints(
                                KuduTableOptions.PARTITION_RANGE_BOUNDS.key(),
                                bounds.get(),
                                rangeColumns.size())) {
                    options.addSplitRow(rows.row(split));
                }
            }
            if (ranges.isPresent()) {
                for (KuduRangeSyntax.TextRange range :
                        KuduRangeSyntax.ranges(
                                KuduTableOptions.PARTITION_RANGE_PARTITIONS.key(),
                                ranges.get(),
                                rangeColumns.size())) {
                    options.addRangePartition(
                            rows.rowOrEmpty(range.lower()),
                            rows.rowOrEmpty(range.upper()),
                            RangePartitionBound.INCLUSIVE_BOUND,
                            range.upperInclusive()
                                    ? RangePartitionBound.INCLUSIVE_BOUND
                                    : RangePartitionBound.EXCLUSIVE_BOUND);
                }
            }
            partitioned = true;
        }
        if (!partitioned) {
            options.setRangePartitionColumns(List.of()); // one tablet
        }
        config.getOptional(KuduTableOptions.REPLICAS)
                .ifPresent(
                        replicas -> {
                            if (replicas < 1) {
                                throw new ValidationException(
                                        "Kudu table '"
                                                + kuduName
                                                + "': '"
                                                + KuduTableOptions.REPLICAS.key()
                                                + "' must be at least 1, got "
                                                + replicas
                                                + ".");
                            }
                            options.setNumReplicas(replicas);
                        });
        String comment = table.getComment();
        Optional<String> commentOption = config.getOptional(KuduTableOptions.COMMENT);
        if (commentOption.isPresent()
                && comment != null
                && !comment.isEmpty()
                && !comment.equals(commentOption.get())) {
            throw new ValidationException(
                    "Kudu table '"
                            + kuduName
                            + "': COMMENT '"
                            + comment
                            + "' and option '"
                            + KuduTableOptions.COMMENT.key()
                            + "' = '"
                            + commentOption.get()
                            + "' differ; give one.");
        }
        if (comment == null || comment.isEmpty()) {
            comment = commentOption.orElse(null);
        }
        if (comment != null && !comment.isEmpty()) {
            options.setComment(comment);
        }
        return options;
    }

    private static List<String> keyColumnsOf(
            String kuduName, List<String> columns, List<String> keyColumns, String kind) {
        List<String> trimmed = new ArrayList<>();
        for (String column : columns) {
            String name = column.trim();
            if (!keyColumns.contains(name)) {
                throw new ValidationException(
                        "Kudu table '"
                                + kuduName
                                + "': "
                                + kind
                                + " partition column '"
                                + name
                                + "' is not a primary-key column "
                                + keyColumns
                                + "; Kudu partitions by key columns only.");
            }
            if (trimmed.contains(name)) {
                throw new ValidationException(
                        "Kudu table '"
                                + kuduName
                                + "': "
                                + kind
                                + " partition column '"
                                + name
                                + "' is named twice.");
            }
            trimmed.add(name);
        }
        return trimmed;
    }
}
