package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.mapping.PbTypeMapping;
import dev.flinkext.format.pb.schema.PbSchema;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.util.Objects;

/**
 * Rows to protobuf bytes with the same type mapping as {@code PbRowDataDeserializationSchema}: NULL
 * columns are left off, proto3 fields without presence are left off at their zero, so rows read
 * back as they were written. Usable on its own (a {@code KafkaSink}'s value serializer).
 */
public class PbRowDataSerializationSchema implements SerializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final PbSchema schema;
    private final RowType rowType;
    private final PbFormatConfig config;

    private transient MessageEncoder encoder;
    private transient PbOutput out;

    public PbRowDataSerializationSchema(PbSchema schema, RowType rowType, PbFormatConfig config) {
        this.schema = Objects.requireNonNull(schema);
        this.rowType = Objects.requireNonNull(rowType);
        this.config = Objects.requireNonNull(config);
        this.encoder = createEncoder();
    }

    private MessageEncoder createEncoder() {
        return MessageEncoder.forMapping(
                PbTypeMapping.bind(schema.descriptor(), rowType, config), config);
    }

    @Override
    public void open(InitializationContext context) {
        if (encoder == null) {
            encoder = createEncoder();
        }
    }

    @Override
    public byte[] serialize(RowData row) {
        if (encoder == null) {
            encoder = createEncoder();
        }
        if (out == null) {
            out = new PbOutput();
        }
        out.reset();
        try {
            if (config.lengthDelimited()) {
                int mark = out.beginLengthDelimited();
                encoder.encode(row, out);
                out.endLengthDelimited(mark);
            } else {
                encoder.encode(row, out);
            }
        } catch (PbEncodeException e) {
            throw e.forMessage(schema.messageName());
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PbRowDataSerializationSchema)) {
            return false;
        }
        PbRowDataSerializationSchema that = (PbRowDataSerializationSchema) o;
        return schema.equals(that.schema)
                && rowType.equals(that.rowType)
                && config.equals(that.config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, rowType, config);
    }
}
