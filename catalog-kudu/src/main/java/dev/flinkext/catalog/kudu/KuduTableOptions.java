package dev.flinkext.catalog.kudu;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The table options of {@code CREATE TABLE} in a Kudu catalog: how Kudu partitions and replicates
 * the new table. They shape the Kudu table and are not kept as options: {@code getTable} returns
 * only the connector's options, partitioning stays visible in Kudu itself.
 */
public final class KuduTableOptions {

    private KuduTableOptions() {}

    public static final ConfigOption<String> PARTITION_HASH_COLUMNS =
            ConfigOptions.key("partition.hash.columns")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Primary-key columns to hash-partition by, comma-separated; needs"
                                    + " 'partition.hash.buckets'.");

    public static final ConfigOption<Integer> PARTITION_HASH_BUCKETS =
            ConfigOptions.key("partition.hash.buckets")
                    .intType()
                    .noDefaultValue()
                    .withDescription("Number of hash buckets, at least 2.");

    public static final ConfigOption<String> PARTITION_RANGE_COLUMNS =
            ConfigOptions.key("partition.range.columns")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Primary-key columns to range-partition by, comma-separated, in"
                                    + " order (a range bound is a tuple of their values).");

    public static final ConfigOption<String> PARTITION_RANGE_BOUNDS =
            ConfigOptions.key("partition.range.bounds")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Split values of the range columns, comma-separated, ascending, in"
                                    + " SQL literal form, unquoted or quoted (e.g. '100,200' or"
                                    + " '2024-01-01,2025-01-01'; tuples '(1, a), (2, b)' on"
                                    + " several range columns): n values make n + 1 ranges, the"
                                    + " first and the last unbounded. CREATE TABLE only.");

    public static final ConfigOption<String> PARTITION_RANGE_PARTITIONS =
            ConfigOptions.key("partition.range.partitions")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Explicit range partitions, comma-separated, written as Impala and"
                                    + " 'kudu table describe' write them: 'lower <= VALUES <"
                                    + " upper', 'VALUES < upper', 'lower <= VALUES' (or 'VALUES"
                                    + " >= lower'), 'UNBOUNDED'; values outside every range are"
                                    + " refused by Kudu. ALTER TABLE ... SET gives the table's"
                                    + " new full list: missing ranges are dropped (with their"
                                    + " rows), new ones added.");

    public static final ConfigOption<String> COMMENT =
            ConfigOptions.key("comment")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The table's comment; ALTER TABLE ... SET ('comment' = '...') changes"
                                    + " it, RESET ('comment') removes it (Flink SQL has no ALTER"
                                    + " TABLE ... COMMENT).");

    public static final ConfigOption<Integer> REPLICAS =
            ConfigOptions.key("replicas")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Number of replicas of each tablet (odd); the masters' default"
                                    + " (--default_num_replicas, 3) when unset.");

    /** {@code 'connector'}: allowed only as {@code 'kudu'}. */
    public static final String CONNECTOR = "connector";

    /** A comma-separated option value as its trimmed, non-empty parts. */
    public static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    public static Set<ConfigOption<?>> all() {
        return Set.of(
                PARTITION_HASH_COLUMNS,
                PARTITION_HASH_BUCKETS,
                PARTITION_RANGE_COLUMNS,
                PARTITION_RANGE_BOUNDS,
                PARTITION_RANGE_PARTITIONS,
                REPLICAS,
                COMMENT);
    }
}
