package dev.flinkext.format.pb.table;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.encode.PbRowDataSerializationSchema;
import dev.flinkext.format.pb.schema.PbSchema;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/** The table side of writing. */
public class PbEncodingFormat implements EncodingFormat<SerializationSchema<RowData>> {

    private final PbSchema schema;
    private final PbFormatConfig config;

    public PbEncodingFormat(PbSchema schema, PbFormatConfig config) {
        this.schema = schema;
        this.config = config;
    }

    @Override
    public SerializationSchema<RowData> createRuntimeEncoder(
            DynamicTableSink.Context context, DataType physicalDataType) {
        return new PbRowDataSerializationSchema(
                schema, (RowType) physicalDataType.getLogicalType(), config);
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }
}
