package dev.flinkext.connector.clickhouse.source;

import dev.flinkext.common.resource.Closeables;
import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.clickhouse.client.ClickHouseClients;
import dev.flinkext.connector.clickhouse.client.ClickHouseQueries;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseReadMapping;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowReader;
import dev.flinkext.connector.clickhouse.mapping.RowBinaryInput;

import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import com.clickhouse.client.api.Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads its splits one after the other, each as one streamed query ({@link ClickHouseScanQuery})
 * kept open across fetches, a bounded number of rows per {@link #fetch()}.
 *
 * <p>When a replica fails (before answering or mid-stream) the split continues at the shard's next
 * replica, from the row it stopped at when splits are sorted ({@code scan.exact-resume}), else only
 * if none of its rows was read yet. Each replica is tried in turn and the first once more; a read
 * that makes progress starts the count again. Then the job fails with every server's message.
 */
final class ClickHouseSplitReader
        implements SplitReader<ClickHouseScannedRow, ClickHouseSourceSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSplitReader.class);

    /** Rows handed over per fetch: bounds the time between wake-up checks and the memory held. */
    static final int ROWS_PER_FETCH = 4096;

    private final ClickHouseConnectionOptions connection;
    private final ClickHouseScanQuery query;
    private final String tableName;
    private final ClickHouseRowReader rowReader;
    private final ArrayDeque<ClickHouseSourceSplit> splits = new ArrayDeque<>();
    private final Map<ClickHouseEndpoint, SharedResources.Lease<Client>> clients =
            new LinkedHashMap<>();

    private @Nullable ClickHouseSourceSplit current;
    private @Nullable ClickHouseQueries.OpenResult result;
    private long position;
    private long positionAtOpen;
    private int attempt;
    private @Nullable IOException failures;
    private @Nullable IOException openFailure;
    private String readingAt = "";

    ClickHouseSplitReader(
            ClickHouseConnectionOptions connection,
            ClickHouseScanQuery query,
            ClickHouseReadMapping mapping) {
        this.connection = connection;
        this.query = query;
        this.tableName = mapping.table();
        this.rowReader = mapping.newRowReader();
    }

    @Override
    public RecordsWithSplitIds<ClickHouseScannedRow> fetch() throws IOException {
        if (current == null && !startNext()) {
            return new RecordsBySplits<>(Map.of(), Set.of());
        }
        ClickHouseSourceSplit split = current;
        if (query.isDone(split)) { // restored after its limit was reached
            current = null;
            return new RecordsBySplits<>(Map.of(), Set.of(split.splitId()));
        }
        List<ClickHouseScannedRow> rows = new ArrayList<>();
        while (rows.size() < ROWS_PER_FETCH) {
            try {
                if (result == null) {
                    open(split);
                }
                RowBinaryInput in = result.input();
                if (in.atEnd()) {
                    closeResult();
                    current = null;
                    return new RecordsBySplits<>(
                            Map.of(split.splitId(), rows), Set.of(split.splitId()));
                }
                RowData row = query.readsNoColumn() ? readEmptyRow(in) : rowReader.read(in);
                position++;
                rows.add(new ClickHouseScannedRow(row, position));
            } catch (IOException e) {
                failed(split, e == openFailure ? e : ClickHouseQueries.failed(readingAt, e));
            }
        }
        return new RecordsBySplits<>(Map.of(split.splitId(), rows), Set.of());
    }

    private static RowData readEmptyRow(RowBinaryInput in) throws IOException {
        in.readUInt8(); // the placeholder column of a query that reads none
        return new GenericRowData(0);
    }

    private boolean startNext() {
        current = splits.poll();
        if (current == null) {
            return false;
        }
        position = query.startOf(current);
        if (position > 0) {
            LOG.info(
                    "Resuming ClickHouse split {} of {} after {} rows",
                    current.splitId(),
                    tableName,
                    position);
        } else if (current.rowsEmitted() > 0) {
            LOG.warn(
                    "ClickHouse split {} of {} is read again from its start: {} of its rows were"
                            + " emitted before, and without 'scan.exact-resume' they are emitted"
                            + " again.",
                    current.splitId(),
                    tableName,
                    current.rowsEmitted());
        }
        attempt = 0;
        failures = null;
        return true;
    }

    private void open(ClickHouseSourceSplit split) throws IOException {
        ClickHouseEndpoint replica = split.replicas().get(attempt % split.replicas().size());
        String sql = query.sql(split.emitted(position));
        positionAtOpen = position;
        readingAt = where(split, replica);
        try {
            result =
                    ClickHouseQueries.open(
                            client(replica),
                            connection.withEndpoints(List.of(replica)),
                            sql,
                            readingAt);
        } catch (IOException e) {
            openFailure = e; // already names the table and replica
            throw e;
        }
    }

    /** Moves the split to its next replica, or fails the read when that cannot be exact. */
    private void failed(ClickHouseSourceSplit split, IOException e) throws IOException {
        closeResult();
        if (position > positionAtOpen) {
            attempt = 0; // progress since the last failure
            failures = null;
        }
        if (failures == null) {
            failures = e;
        } else {
            failures.addSuppressed(e);
        }
        if (!query.exactResume() && position > query.startOf(split)) {
            throw new IOException(
                    "ClickHouse split "
                            + split.splitId()
                            + " of "
                            + tableName
                            + " failed after "
                            + position
                            + " rows; it cannot continue at another replica without"
                            + " 'scan.exact-resume' (its rows are not in a repeatable order).",
                    failures);
        }
        attempt++;
        if (attempt > split.replicas().size()) {
            throw new IOException(
                    "ClickHouse split "
                            + split.splitId()
                            + " of "
                            + tableName
                            + " could not be read at any of its replicas "
                            + split.replicas()
                            + ": "
                            + failures.getMessage(),
                    failures);
        }
        LOG.warn(
                "Reading ClickHouse split {} failed ({}); continuing at row {} on {}",
                split.splitId(),
                e.getMessage(),
                position,
                split.replicas().get(attempt % split.replicas().size()));
    }

    private static String where(ClickHouseSourceSplit split, ClickHouseEndpoint replica) {
        return split.table()
                + split.partitionId().map(p -> " partition '" + p + "'").orElse("")
                + " at "
                + replica;
    }

    private Client client(ClickHouseEndpoint replica) {
        return clients.computeIfAbsent(
                        replica,
                        r -> ClickHouseClients.acquire(connection.withEndpoints(List.of(r))))
                .get();
    }

    private void closeResult() {
        if (result != null) {
            try {
                result.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing a ClickHouse result failed", e);
            }
            result = null;
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<ClickHouseSourceSplit> change) {
        if (change instanceof SplitsAddition) {
            splits.addAll(change.splits());
        }
    }

    @Override
    public void wakeUp() {
        // fetch() returns after a bounded number of rows: nothing to interrupt
    }

    @Override
    public void close() throws Exception {
        closeResult();
        Closeables.closeAll(new ArrayList<>(clients.values()));
        clients.clear();
    }
}
