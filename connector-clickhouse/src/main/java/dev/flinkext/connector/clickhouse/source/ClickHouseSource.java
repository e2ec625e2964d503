package dev.flinkext.connector.clickhouse.source;

import dev.flinkext.common.source.PullSplitEnumerator;
import dev.flinkext.common.source.SplitListSerializer;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseReadMapping;

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

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A bounded FLIP-27 source over a ClickHouse table: one split per shard and partition ({@link
 * ClickHouseSplitPlanner}, when the job starts), handed to readers as they ask; each split one
 * streamed RowBinary query ({@link ClickHouseScanQuery}) at one of its shard's replicas. Usable
 * from DataStream:
 *
 * <pre>{@code
 * ClickHouseReadMapping mapping = ClickHouseReadMapping.resolve(describe, rowType, columns, zone);
 * ClickHouseSource source = new ClickHouseSource(connection,
 *         ClickHouseScanTarget.of(connection, "db", "events", null, "MergeTree"),
 *         new ClickHouseScanQuery(mapping.selectList(), false, List.of(), true, -1),
 *         mapping, InternalTypeInfo.of(rowType));
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "clickhouse events");
 * }</pre>
 *
 * A checkpoint records the splits not yet handed out and each reader's splits with the rows they
 * emitted; a restore continues there.
 */
public final class ClickHouseSource
        implements Source<RowData, ClickHouseSourceSplit, List<ClickHouseSourceSplit>>,
                ResultTypeQueryable<RowData> {

    private static final long serialVersionUID = 1L;

    private final ClickHouseConnectionOptions connection;
    private final ClickHouseScanTarget target;
    private final ClickHouseScanQuery query;
    private final ClickHouseReadMapping mapping;
    private final TypeInformation<RowData> producedType;

    /**
     * @param mapping the produced columns; {@code query}'s select list must be its {@link
     *     ClickHouseReadMapping#selectList()}
     */
    public ClickHouseSource(
            ClickHouseConnectionOptions connection,
            ClickHouseScanTarget target,
            ClickHouseScanQuery query,
            ClickHouseReadMapping mapping,
            TypeInformation<RowData> producedType) {
        if (!query.selectList().equals(mapping.selectList())) {
            throw new IllegalArgumentException(
                    "The query reads " + query.selectList() + ", the mapping " + mapping);
        }
        this.connection = Objects.requireNonNull(connection, "connection");
        this.target = Objects.requireNonNull(target, "target");
        this.query = query;
        this.mapping = mapping;
        this.producedType = producedType;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RowData, ClickHouseSourceSplit> createReader(SourceReaderContext context) {
        return new ClickHouseSourceReader(
                () -> new ClickHouseSplitReader(connection, query, mapping), context);
    }

    @Override
    public SplitEnumerator<ClickHouseSourceSplit, List<ClickHouseSourceSplit>> createEnumerator(
            SplitEnumeratorContext<ClickHouseSourceSplit> context) throws IOException {
        return new PullSplitEnumerator<>(context, ClickHouseSplitPlanner.plan(connection, target));
    }

    @Override
    public SplitEnumerator<ClickHouseSourceSplit, List<ClickHouseSourceSplit>> restoreEnumerator(
            SplitEnumeratorContext<ClickHouseSourceSplit> context,
            List<ClickHouseSourceSplit> checkpoint) {
        return new PullSplitEnumerator<>(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<ClickHouseSourceSplit> getSplitSerializer() {
        return ClickHouseSourceSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<ClickHouseSourceSplit>>
            getEnumeratorCheckpointSerializer() {
        return new SplitListSerializer<>("ClickHouse", ClickHouseSourceSplitSerializer.INSTANCE);
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    public ClickHouseScanQuery query() {
        return query;
    }
}
