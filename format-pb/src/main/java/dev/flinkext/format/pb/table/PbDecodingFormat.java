package dev.flinkext.format.pb.table;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.decode.PbRowDataDeserializationSchema;
import dev.flinkext.format.pb.schema.PbSchema;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The table side of reading: projection push-down hands the decoder only the columns the query
 * uses, and every other field is skipped on the wire.
 */
public class PbDecodingFormat implements ProjectableDecodingFormat<DeserializationSchema<RowData>> {

    private final PbSchema schema;
    private final PbFormatConfig config;

    public PbDecodingFormat(PbSchema schema, PbFormatConfig config) {
        this.schema = schema;
        this.config = config;
    }

    @Override
    public DeserializationSchema<RowData> createRuntimeDecoder(
            DynamicTableSource.Context context, DataType physicalDataType, int[][] projections) {
        DataType produced = Projection.of(projections).project(physicalDataType);
        return new PbRowDataDeserializationSchema(
                schema,
                (RowType) produced.getLogicalType(),
                context.createTypeInformation(produced),
                config);
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }
}
