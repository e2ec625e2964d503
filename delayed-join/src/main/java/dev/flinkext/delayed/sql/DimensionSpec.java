package dev.flinkext.delayed.sql;

import dev.flinkext.delayed.DelayedJoinOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dimension of a {@code delayed_lookup} call, from its arguments: its columns ({@code
 * dim_columns}), key columns ({@code dim_keys}, matched in order with the PARTITION BY columns),
 * connector options and the {@code lookup.delayed-retry.*} options ({@code dim_options}). Checked
 * the same way at planning and when a subtask starts.
 */
record DimensionSpec(
        RowType columns,
        List<String> keys,
        Map<String, String> connectorOptions,
        DelayedJoinOptions options) {

    static final String RETRY_PREFIX = "lookup.delayed-retry.";

    /**
     * @param input the input table's row
     * @param partitionBy its PARTITION BY columns, the stream side of the lookup key
     * @throws ValidationException naming the argument, column or option at fault
     */
    static DimensionSpec parse(
            String dimColumns,
            Map<String, String> dimOptions,
            List<String> keys,
            RowType input,
            int[] partitionBy,
            ClassLoader classLoader) {
        RowType columns = checkColumns(dimColumns, keys, input, partitionBy, classLoader);
        if (dimOptions == null || !dimOptions.containsKey("connector")) {
            throw new ValidationException(
                    "delayed_lookup: dim_options has no 'connector': it holds the dimension"
                            + " table's WITH options and the lookup.delayed-retry.* options.");
        }
        Map<String, String> connector = new HashMap<>();
        Map<String, String> retry = new HashMap<>();
        dimOptions.forEach(
                (key, value) -> (key.startsWith(RETRY_PREFIX) ? retry : connector).put(key, value));
        return new DimensionSpec(
                columns,
                List.copyOf(keys),
                Map.copyOf(connector),
                DelayedJoinOptions.fromConfig(Configuration.fromMap(retry)));
    }

    /**
     * The dimension's columns, checked against the key: {@code keys} name its columns, of the types
     * of the PARTITION BY columns, in order.
     */
    static RowType checkColumns(
            String dimColumns,
            List<String> keys,
            RowType input,
            int[] partitionBy,
            ClassLoader classLoader) {
        RowType columns = parseColumns(dimColumns, classLoader);
        if (keys.size() != partitionBy.length) {
            throw new ValidationException(
                    String.format(
                            "delayed_lookup: dim_keys %s has %d columns, PARTITION BY %d: they are"
                                    + " the lookup key's two sides, matched in order.",
                            keys, keys.size(), partitionBy.length));
        }
        for (int i = 0; i < keys.size(); i++) {
            int dim = columns.getFieldNames().indexOf(keys.get(i));
            if (dim < 0) {
                throw new ValidationException(
                        String.format(
                                "delayed_lookup: dim_columns has no key column '%s' (columns: %s)."
                                        + " Name the dimension's key columns with dim_keys =>"
                                        + " DESCRIPTOR(...) when they differ from the PARTITION BY"
                                        + " columns.",
                                keys.get(i), columns.getFieldNames()));
            }
            LogicalType dimType = columns.getTypeAt(dim).copy(true);
            LogicalType streamType = input.getTypeAt(partitionBy[i]).copy(true);
            if (!dimType.equals(streamType)) {
                throw new ValidationException(
                        String.format(
                                "delayed_lookup: key column '%s' is %s in the input but '%s' is %s"
                                        + " in dim_columns: cast one of them.",
                                input.getFieldNames().get(partitionBy[i]),
                                streamType.asSummaryString(),
                                keys.get(i),
                                dimType.asSummaryString()));
            }
        }
        return columns;
    }

    private static RowType parseColumns(String dimColumns, ClassLoader classLoader) {
        if (dimColumns == null || dimColumns.isBlank()) {
            throw new ValidationException(
                    "delayed_lookup: dim_columns is empty: give the dimension's columns as in"
                            + " CREATE TABLE, e.g. 'user_id STRING, city STRING'.");
        }
        try {
            return (RowType) LogicalTypeParser.parse("ROW<" + dimColumns + ">", classLoader);
        } catch (RuntimeException e) {
            throw new ValidationException(
                    String.format(
                            "delayed_lookup: dim_columns '%s' is not a column list such as"
                                    + " 'user_id STRING, city STRING': %s",
                            dimColumns, e.getMessage()),
                    e);
        }
    }
}
