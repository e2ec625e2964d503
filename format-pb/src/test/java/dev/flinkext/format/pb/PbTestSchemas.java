package dev.flinkext.format.pb;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.decode.PbRowDataDeserializationSchema;
import dev.flinkext.format.pb.encode.PbRowDataSerializationSchema;
import dev.flinkext.format.pb.schema.PbSchema;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/** Opened (de)serialization schemas for a message class and a row type, as a table would get. */
public final class PbTestSchemas {

    private PbTestSchemas() {}

    public static PbRowDataDeserializationSchema decoder(
            Class<?> messageClass, DataType rowType, PbFormatConfig config) {
        return decoder(PbSchema.ofMessageClass(messageClass), rowType, config);
    }

    public static PbRowDataDeserializationSchema decoder(
            PbSchema schema, DataType rowType, PbFormatConfig config) {
        return decoder(schema, rowType, config, new UnregisteredMetricsGroup());
    }

    /** A decoder whose metrics (the skip counter) go to {@code metrics}. */
    public static PbRowDataDeserializationSchema decoder(
            PbSchema schema, DataType rowType, PbFormatConfig config, MetricGroup metrics) {
        RowType logical = (RowType) rowType.getLogicalType();
        PbRowDataDeserializationSchema decoder =
                new PbRowDataDeserializationSchema(
                        schema, logical, InternalTypeInfo.of(logical), config);
        decoder.open(deserializationContext(metrics));
        return decoder;
    }

    public static PbRowDataSerializationSchema encoder(
            Class<?> messageClass, DataType rowType, PbFormatConfig config) {
        PbRowDataSerializationSchema encoder =
                new PbRowDataSerializationSchema(
                        PbSchema.ofMessageClass(messageClass),
                        (RowType) rowType.getLogicalType(),
                        config);
        encoder.open(serializationContext());
        return encoder;
    }

    public static RowData decode(Class<?> messageClass, DataType rowType, byte[] bytes)
            throws Exception {
        return decoder(messageClass, rowType, PbFormatConfig.defaults()).deserialize(bytes);
    }

    public static DeserializationSchema.InitializationContext deserializationContext(
            MetricGroup metrics) {
        return new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return metrics;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(PbTestSchemas.class.getClassLoader());
            }
        };
    }

    public static SerializationSchema.InitializationContext serializationContext() {
        return new SerializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(PbTestSchemas.class.getClassLoader());
            }
        };
    }
}
