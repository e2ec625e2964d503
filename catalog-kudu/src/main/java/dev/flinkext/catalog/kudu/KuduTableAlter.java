package dev.flinkext.catalog.kudu;

import dev.flinkext.connector.kudu.mapping.KuduTypeMapping;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.client.AlterTableOptions;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.Partition;
import org.apache.kudu.client.PartitionSchema;
import org.apache.kudu.client.RangePartitionBound;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns Flink's ALTER TABLE changes into one Kudu {@link AlterTableOptions}: column {@code ADD}
 * (nullable, at the end), {@code DROP}, {@code RENAME} and {@code COMMENT}; {@code SET ('comment' =
 * ...)} / {@code RESET ('comment')} for the table's comment (Flink SQL has no ALTER TABLE ...
 * COMMENT); {@code SET ('partition.range.partitions' = ...)} as the table's new list of ranges,
 * diffed against the ranges Kudu holds (missing ones dropped, new ones added). Anything else is
 * refused naming it.
 */
final class KuduTableAlter {

    private final String catalog;
    private final KuduTable table;
    private final long timeoutMs;
    private final AlterTableOptions alter = new AlterTableOptions();
    private int steps;

    private KuduTableAlter(String catalog, KuduTable table, long timeoutMs) {
        this.catalog = catalog;
        this.table = table;
        this.timeoutMs = timeoutMs;
    }

    /** The Kudu alter for {@code changes}, or {@code null} when they change nothing in Kudu. */
    static AlterTableOptions of(
            String catalog, KuduTable table, List<TableChange> changes, long timeoutMs) {
        KuduTableAlter builder = new KuduTableAlter(catalog, table, timeoutMs);
        for (TableChange change : changes) {
            builder.apply(change);
        }
        return builder.steps == 0 ? null : builder.alter;
    }

    private void apply(TableChange change) {
        if (change instanceof TableChange.AddColumn add) {
            addColumn(add);
        } else if (change instanceof TableChange.DropColumn drop) {
            alter.dropColumn(drop.getColumnName());
        } else if (change instanceof TableChange.ModifyColumnName rename) {
            alter.renameColumn(rename.getOldColumnName(), rename.getNewColumnName());
        } else if (change instanceof TableChange.ModifyColumnComment comment) {
            alter.changeComment(
                    comment.getOldColumn().getName(),
                    comment.getNewComment() == null ? "" : comment.getNewComment());
        } else if (change instanceof TableChange.SetOption set) {
            setOption(set.getKey(), set.getValue());
            return;
        } else if (change instanceof TableChange.ResetOption reset
                && reset.getKey().equals(KuduTableOptions.COMMENT.key())) {
            alter.setComment("");
        } else {
            throw new ValidationException(
                    "Kudu catalog '"
                            + catalog
                            + "' cannot apply "
                            + change
                            + " to Kudu table '"
                            + table.getName()
                            + "': ALTER TABLE takes column ADD, DROP, RENAME and COMMENT, and SET"
                            + " of '"
                            + KuduTableOptions.COMMENT.key()
                            + "' and '"
                            + KuduTableOptions.PARTITION_RANGE_PARTITIONS.key()
                            + "' (RESET of '"
                            + KuduTableOptions.COMMENT.key()
                            + "').");
        }
        steps++;
    }

    private void addColumn(TableChange.AddColumn add) {
        Column column = add.getColumn();
        if (!column.isPhysical()) {
            throw new ValidationException(
                    "Column '"
                            + column.getName()
                            + "' is computed or metadata: Kudu stores physical columns only.");
        }
        if (add.getPosition() != null) {
            throw new ValidationException(
                    "Column '"
                            + column.getName()
                            + "': Kudu adds columns at the end only (no FIRST or AFTER).");
        }
        LogicalType type = column.getDataType().getLogicalType();
        if (!type.isNullable()) {
            throw new ValidationException(
                    "Column '"
                            + column.getName()
                            + "' of type "
                            + type.asSummaryString()
                            + ": Kudu needs a default value to add a NOT NULL column to existing"
                            + " rows; add it nullable.");
        }
        ColumnSchema.ColumnSchemaBuilder builder =
                KuduTypeMapping.kuduColumnFor(column.getName(), type);
        column.getComment().ifPresent(builder::comment);
        alter.addColumn(builder.build());
    }

    private void setOption(String key, String value) {
        if (key.equals(KuduTableOptions.COMMENT.key())) {
            alter.setComment(value);
            steps++;
        } else if (key.equals(KuduTableOptions.PARTITION_RANGE_PARTITIONS.key())) {
            alterRanges(value);
        } else if (key.equals(KuduTableOptions.PARTITION_RANGE_COLUMNS.key())) {
            List<String> current = rangeColumns();
            if (!KuduTableOptions.split(value).equals(current)) {
                throw refused(
                        key,
                        value,
                        "Kudu cannot change the range partition columns of a table (they are "
                                + current
                                + ")");
            }
        } else if (key.equals(KuduTableOptions.PARTITION_HASH_COLUMNS.key())
                || key.equals(KuduTableOptions.PARTITION_HASH_BUCKETS.key())) {
            throw refused(
                    key,
                    value,
                    "Kudu cannot change the hash partitioning of a table after CREATE TABLE (it is "
                            + hashSchema()
                            + ")");
        } else if (key.equals(KuduTableOptions.PARTITION_RANGE_BOUNDS.key())) {
            throw refused(
                    key,
                    value,
                    "split points apply at CREATE TABLE only; give the ranges the table should"
                            + " have as '"
                            + KuduTableOptions.PARTITION_RANGE_PARTITIONS.key()
                            + "'");
        } else {
            throw refused(
                    key,
                    value,
                    "ALTER TABLE ... SET takes '"
                            + KuduTableOptions.COMMENT.key()
                            + "' and '"
                            + KuduTableOptions.PARTITION_RANGE_PARTITIONS.key()
                            + "' only");
        }
    }

    /** Drops the ranges Kudu holds that {@code value} lacks, then adds the new ones. */
    private void alterRanges(String value) {
        String key = KuduTableOptions.PARTITION_RANGE_PARTITIONS.key();
        List<String> columns = rangeColumns();
        if (columns.isEmpty()) {
            throw refused(
                    key,
                    value,
                    "the table has no range partition columns, and Kudu cannot add them after"
                            + " CREATE TABLE");
        }
        Schema schema = table.getSchema();
        KuduRangeRows rows = new KuduRangeRows(table.getName(), schema, columns);
        Map<List<List<String>>, KuduRangeSyntax.TextRange> wanted = new LinkedHashMap<>();
        for (KuduRangeSyntax.TextRange range : KuduRangeSyntax.ranges(key, value, columns.size())) {
            List<String> upper =
                    range.upperInclusive()
                            ? rows.successorKey(range.upper())
                            : rows.key(rows.row(range.upper()));
            wanted.put(
                    List.of(
                            keyOrUnbounded(rows.key(rows.row(range.lower()))),
                            keyOrUnbounded(upper)),
                    range);
        }
        Set<List<List<String>>> existing = new HashSet<>();
        List<Partition> partitions;
        try {
            partitions = table.getRangePartitions(timeoutMs);
        } catch (Exception e) {
            throw new ValidationException(
                    "Cannot read the range partitions of Kudu table '"
                            + table.getName()
                            + "': "
                            + e.getMessage(),
                    e);
        }
        for (Partition partition : partitions) {
            PartialRow lower =
                    partition.getRangeKeyStart().length == 0
                            ? null
                            : partition.getDecodedRangeKeyStart(table);
            PartialRow upper =
                    partition.getRangeKeyEnd().length == 0
                            ? null
                            : partition.getDecodedRangeKeyEnd(table);
            List<List<String>> range =
                    List.of(keyOrUnbounded(rows.key(lower)), keyOrUnbounded(rows.key(upper)));
            existing.add(range);
            if (!wanted.containsKey(range)) {
                alter.dropRangePartition(
                        lower == null ? schema.newPartialRow() : lower,
                        upper == null ? schema.newPartialRow() : upper);
                steps++;
            }
        }
        for (Map.Entry<List<List<String>>, KuduRangeSyntax.TextRange> range : wanted.entrySet()) {
            if (!existing.contains(range.getKey())) {
                alter.addRangePartition(
                        rows.rowOrEmpty(range.getValue().lower()),
                        rows.rowOrEmpty(range.getValue().upper()),
                        RangePartitionBound.INCLUSIVE_BOUND,
                        range.getValue().upperInclusive()
                                ? RangePartitionBound.INCLUSIVE_BOUND
                                : RangePartitionBound.EXCLUSIVE_BOUND);
                steps++;
            }
        }
    }

    /** An unbounded side as the empty list (map keys must not be null). */
    private static List<String> keyOrUnbounded(List<String> key) {
        return key == null ? List.of() : key;
    }

    private List<String> rangeColumns() {
        return names(table.getPartitionSchema().getRangeSchema().getColumnIds());
    }

    private String hashSchema() {
        List<PartitionSchema.HashBucketSchema> hash =
                table.getPartitionSchema().getHashBucketSchemas();
        if (hash.isEmpty()) {
            return "none";
        }
        return hash.stream()
                .map(h -> names(h.getColumnIds()) + " in " + h.getNumBuckets() + " buckets")
                .collect(Collectors.joining(", "));
    }

    private List<String> names(List<Integer> columnIds) {
        Schema schema = table.getSchema();
        List<String> names = new ArrayList<>();
        for (Integer id : columnIds) {
            names.add(schema.getColumnByIndex(schema.getColumnIndex(id)).getName());
        }
        return names;
    }

    private ValidationException refused(String key, String value, String why) {
        return new ValidationException(
                "Kudu table '"
                        + table.getName()
                        + "': cannot SET '"
                        + key
                        + "' = '"
                        + value
                        + "': "
                        + why
                        + ".");
    }
}
