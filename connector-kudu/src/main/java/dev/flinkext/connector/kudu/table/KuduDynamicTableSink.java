package dev.flinkext.connector.kudu.table;

import dev.flinkext.connector.kudu.sink.KuduSink;

import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;

/**
 * The SQL face of {@link KuduSink}: takes an upsert changelog (INSERT, UPDATE_AFTER, DELETE by the
 * primary key) and runs the sink at {@code sink.parallelism}. Everything was checked against the
 * Kudu table when the factory built the sink.
 */
public final class KuduDynamicTableSink implements DynamicTableSink {

    private final KuduSink sink;

    public KuduDynamicTableSink(KuduSink sink) {
        this.sink = sink;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.upsert();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return sink.options().parallelism().isPresent()
                ? SinkV2Provider.of(sink, sink.options().parallelism().get())
                : SinkV2Provider.of(sink);
    }

    @Override
    public DynamicTableSink copy() {
        return new KuduDynamicTableSink(sink);
    }

    @Override
    public String asSummaryString() {
        return "Kudu(" + sink.mapping().tableName() + ")";
    }

    public KuduSink sink() {
        return sink;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KuduDynamicTableSink that && sink.equals(that.sink);
    }

    @Override
    public int hashCode() {
        return sink.hashCode();
    }
}
