package dev.flinkext.format.pb.schema;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.decode.PbRowDataDeserializationSchema;
import dev.flinkext.format.pb.testproto.Everything;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;

import com.google.protobuf.DynamicMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.flinkext.format.pb.schema.PbSchemaDescriptorFileTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code PbSchema} travels with the job by Java serialization and resolves its descriptor again
 * from the bytes it carries: no generated class and no descriptor file are needed after planning.
 */
class PbSchemaSerializationTest {

    @TempDir Path dir;

    @Test
    void aClassSchemaSurvivesSerialization() throws Exception {
        PbSchema original = PbSchema.ofMessageClass(Everything.class);

        PbSchema copy = roundTrip(original);

        assertThat(copy.messageName()).isEqualTo("flinkext.test.Everything");
        assertThat(copy.origin()).isEqualTo(original.origin());
        assertThat(copy.descriptor().getFullName()).isEqualTo("flinkext.test.Everything");
        assertThat(fields(copy.descriptor())).isEqualTo(fields(Everything.getDescriptor()));
        assertThat(copy.descriptor().findFieldByName("ts").getMessageType().getFullName())
                .isEqualTo("google.protobuf.Timestamp");
    }

    @Test
    void aDescriptorFileSchemaNeedsTheFileNoMoreAfterSerialization() throws Exception {
        Path set = Protoc.ordersDescriptorSet(dir, true);
        PbSchema original = PbSchema.ofDescriptorFile(set.toString(), "shop.v1.Order");
        byte[] shippedSchema = InstantiationUtil.serializeObject(original);
        RowType rowType = (RowType) DescriptorOnlyProtocTest.ORDER.getLogicalType();
        byte[] shippedDecoder =
                InstantiationUtil.serializeObject(
                        new PbRowDataDeserializationSchema(
                                original,
                                rowType,
                                InternalTypeInfo.of(rowType),
                                PbFormatConfig.defaults()));
        DynamicMessage order =
                DescriptorOnlyProtocTest.order(DescriptorOnlyProtocTest.orderDescriptor(set));
        Files.delete(set);

        PbSchema copy =
                InstantiationUtil.deserializeObject(shippedSchema, getClass().getClassLoader());
        PbRowDataDeserializationSchema decoder =
                InstantiationUtil.deserializeObject(shippedDecoder, getClass().getClassLoader());
        decoder.open(PbTestSchemas.deserializationContext(new UnregisteredMetricsGroup()));
        RowData row = decoder.deserialize(order.toByteArray());

        assertThat(copy.descriptor().getFullName()).isEqualTo("shop.v1.Order");
        assertThat(copy.descriptor().findFieldByName("coupon").hasPresence()).isTrue();
        assertThat(row.getString(0).toString()).isEqualTo("o-17");
        assertThat(row.getArray(2).size()).isEqualTo(2);
    }

    private PbSchema roundTrip(PbSchema schema) throws Exception {
        return InstantiationUtil.deserializeObject(
                InstantiationUtil.serializeObject(schema), getClass().getClassLoader());
    }
}
