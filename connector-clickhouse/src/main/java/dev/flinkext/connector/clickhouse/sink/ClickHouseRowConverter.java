package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowMapping;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowWriter;
import dev.flinkext.connector.clickhouse.mapping.RowBinaryOutput;
import dev.flinkext.sink.writer.RowConverter;

import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.data.RowData;

import java.util.function.Consumer;

/**
 * A row → its RowBinary bytes, through the per-column writers of the mapping (built once per writer
 * in {@link #open}). Append-only for now: INSERT rows are written, UPDATE and DELETE rows are
 * refused (the upserts by table engine are still to come). sink-core prefixes the messages with the
 * sink's name, which names the table and its endpoints.
 */
final class ClickHouseRowConverter implements RowConverter<RowData, ClickHouseInsertRow> {

    private static final long serialVersionUID = 1L;

    private final ClickHouseRowMapping mapping;
    private transient ClickHouseRowWriter writer;
    private transient RowBinaryOutput scratch;

    ClickHouseRowConverter(ClickHouseRowMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public void open(WriterInitContext context) {
        writer = mapping.newRowWriter();
        scratch = new RowBinaryOutput(256);
    }

    @Override
    public void convert(RowData row, Consumer<ClickHouseInsertRow> out) {
        if (writer == null) {
            open(null);
        }
        switch (row.getRowKind()) {
            case INSERT:
                break;
            default:
                throw new IllegalArgumentException(
                        "the ClickHouse sink is append-only: it cannot apply a "
                                + row.getRowKind()
                                + " row (only INSERT rows; upserts are not supported yet)");
        }
        scratch.reset();
        writer.write(row, scratch); // bad data: IllegalArgumentException naming the column
        out.accept(new ClickHouseInsertRow(scratch.toByteArray()));
    }
}
