package dev.flinkext.connector.clickhouse.source;

import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;

import org.apache.flink.api.connector.source.SourceSplit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One bounded share of a scan: a table (for a Distributed table, one shard's local table) read at
 * one of its replicas, restricted to one partition when the table is partitioned, and how many of
 * its rows were already emitted (skipped on resume: see {@link ClickHouseScanQuery}).
 *
 * @param splitId unique within the scan
 * @param replicas the HTTP endpoints holding the same rows, tried in order
 * @param table the quoted {@code db.table} read
 * @param partitionId the partition ({@code system.parts.partition_id}), or empty for all rows
 * @param rowsEmitted rows of this split already emitted downstream
 */
public record ClickHouseSourceSplit(
        String splitId,
        List<ClickHouseEndpoint> replicas,
        String table,
        Optional<String> partitionId,
        long rowsEmitted)
        implements SourceSplit {

    public ClickHouseSourceSplit {
        Objects.requireNonNull(splitId, "splitId");
        replicas = List.copyOf(replicas);
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("A split needs at least one replica: " + splitId);
        }
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(partitionId, "partitionId");
        if (rowsEmitted < 0) {
            throw new IllegalArgumentException("rowsEmitted < 0: " + rowsEmitted);
        }
    }

    /** The split after {@code rows} of it were emitted in total. */
    public ClickHouseSourceSplit emitted(long rows) {
        return new ClickHouseSourceSplit(splitId, replicas, table, partitionId, rows);
    }

    @Override
    public String toString() {
        return "ClickHouseSourceSplit{"
                + splitId
                + " at "
                + replicas
                + ", "
                + rowsEmitted
                + " emitted}";
    }
}
