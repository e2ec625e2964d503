package dev.flinkext.testing.flink.collect;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.connector.RuntimeConverter;
import org.apache.flink.table.connector.sink.DynamicTableSink.DataStructureConverter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Row;

/** The Sink V2 of {@link CollectingTableSinkFactory}: converts each row and adds it to its list. */
final class CollectingSink implements Sink<RowData> {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final DataStructureConverter converter;

    CollectingSink(String name, DataStructureConverter converter) {
        this.name = name;
        this.converter = converter;
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) {
        converter.open(RuntimeConverter.Context.create(CollectingSink.class.getClassLoader()));
        return new SinkWriter<>() {
            @Override
            public void write(RowData element, Context context) {
                CollectedRows.add(name, (Row) converter.toExternal(element));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
