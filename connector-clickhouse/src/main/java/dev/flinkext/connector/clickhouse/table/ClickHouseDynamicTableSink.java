package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.connector.clickhouse.sink.ClickHouseSink;

import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;

import javax.annotation.Nullable;

import java.util.Objects;

/**
 * The SQL face of {@link ClickHouseSink}: append-only, or with a PRIMARY KEY a changelog applied as
 * the table engine allows (a query it cannot apply is refused here, naming the table and its
 * engine), run at {@code sink.parallelism} when set. Everything was checked against the ClickHouse
 * table when the factory built the sink.
 */
public final class ClickHouseDynamicTableSink implements DynamicTableSink {

    private final ClickHouseSink sink;
    private final @Nullable Integer parallelism;

    public ClickHouseDynamicTableSink(ClickHouseSink sink, @Nullable Integer parallelism) {
        this.sink = sink;
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return sink.changelogMode(requestedMode);
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return parallelism == null ? SinkV2Provider.of(sink) : SinkV2Provider.of(sink, parallelism);
    }

    @Override
    public DynamicTableSink copy() {
        return new ClickHouseDynamicTableSink(sink, parallelism);
    }

    @Override
    public String asSummaryString() {
        return "ClickHouse(" + sink.database() + "." + sink.table() + ")";
    }

    public ClickHouseSink sink() {
        return sink;
    }

    @Nullable
    public Integer parallelism() {
        return parallelism;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseDynamicTableSink that
                && sink.equals(that.sink)
                && Objects.equals(parallelism, that.parallelism);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sink, parallelism);
    }
}
