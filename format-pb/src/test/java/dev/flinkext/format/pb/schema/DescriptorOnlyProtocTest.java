package dev.flinkext.format.pb.schema;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.decode.PbRowDataDeserializationSchema;
import dev.flinkext.format.pb.encode.PbRowDataSerializationSchema;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import com.google.protobuf.TimestampProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.flinkext.format.pb.PbTestSchemas.deserializationContext;
import static dev.flinkext.format.pb.PbTestSchemas.serializationContext;
import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A message with no Java class at all (src/test/resources/descriptor-only/orders.proto), compiled
 * here by the real protoc into a descriptor set, read and written through {@code shop.v1.Order}:
 * with {@code --include_imports}, and without it (timestamp.proto then comes from protobuf-java).
 */
class DescriptorOnlyProtocTest {

    static final DataType ORDER =
            ROW(
                    FIELD("order_id", STRING()),
                    FIELD("created_at", TIMESTAMP_LTZ(9)),
                    FIELD(
                            "items",
                            ARRAY(
                                    ROW(
                                            FIELD("sku", STRING()),
                                            FIELD("quantity", BIGINT()),
                                            FIELD("unit_price", DOUBLE())))),
                    FIELD("tags", MAP(STRING(), STRING())),
                    FIELD("coupon", STRING()));

    @TempDir Path dir;

    @Test
    void readsAndWritesAnOrderFromASetWithItsImports() throws Exception {
        Path set = Protoc.ordersDescriptorSet(dir, true);
        assertThat(fileNames(set))
                .containsExactly("google/protobuf/timestamp.proto", "orders.proto");

        readsAndWritesAnOrder(set);
    }

    @Test
    void readsAndWritesAnOrderFromASetWithoutItsWellKnownImports() throws Exception {
        Path set = Protoc.ordersDescriptorSet(dir, false);
        assertThat(fileNames(set)).containsExactly("orders.proto");

        readsAndWritesAnOrder(set);
    }

    @Test
    void aMissingImportOtherThanAWellKnownTypeIsRefused() throws Exception {
        Files.writeString(
                dir.resolve("billing.proto"),
                "syntax = \"proto3\";\n"
                        + "package shop.v1;\n"
                        + "import \"orders.proto\";\n"
                        + "message Invoice { Order order = 1; string number = 2; }\n");
        Path set = dir.resolve("billing.desc");
        Protoc.run(
                List.of(dir, Protoc.DESCRIPTOR_ONLY),
                "--descriptor_set_out=" + set,
                "billing.proto");

        assertThatThrownBy(() -> PbSchema.ofDescriptorFile(set.toString(), "shop.v1.Invoice"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'" + set + "'")
                .hasMessageContaining("lacks 'orders.proto', imported by 'billing.proto'")
                .hasMessageContaining("--include_imports");
    }

    @Test
    void anUnknownMessageNameListsTheMessagesOfTheSet() throws Exception {
        Path set = Protoc.ordersDescriptorSet(dir, true);

        assertThatThrownBy(() -> PbSchema.ofDescriptorFile(set.toString(), "Order"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("has no message 'Order'")
                .hasMessageContaining("shop.v1.LineItem")
                .hasMessageContaining("shop.v1.Order");
    }

    private void readsAndWritesAnOrder(Path set) throws Exception {
        Descriptor order = orderDescriptor(set);
        DynamicMessage message = order(order);
        PbSchema schema = PbSchema.ofDescriptorFile(set.toString(), "shop.v1.Order");

        RowData row = decoder(schema).deserialize(message.toByteArray());

        assertThat(row.getString(0).toString()).isEqualTo("o-17");
        assertThat(row.getTimestamp(1, 9))
                .isEqualTo(
                        TimestampData.fromInstant(
                                Instant.ofEpochSecond(1_700_000_000, 250_000_001)));
        ArrayData items = row.getArray(2);
        assertThat(items.size()).isEqualTo(2);
        RowData second = items.getRow(1, 3);
        assertThat(second.getString(0).toString()).isEqualTo("sku-b");
        assertThat(second.getLong(1)).isEqualTo(4294967295L);
        assertThat(second.getDouble(2)).isEqualTo(0.5);
        assertThat(((GenericMapData) row.getMap(3)).get(StringData.fromString("channel")))
                .isEqualTo(StringData.fromString("web"));
        assertThat(row.isNullAt(4)).as("coupon unset").isTrue();

        byte[] written = encoder(schema).serialize(row);
        assertThat(DynamicMessage.parseFrom(order, written)).isEqualTo(message);
        assertThat(written).isEqualTo(message.toByteArray());
    }

    /** shop.v1.Order from protoc's output, linked by protobuf-java itself (not by PbSchema). */
    static Descriptor orderDescriptor(Path set) throws Exception {
        FileDescriptorSet files = FileDescriptorSet.parseFrom(Files.readAllBytes(set));
        FileDescriptorProto orders =
                files.getFileList().stream()
                        .filter(f -> f.getName().equals("orders.proto"))
                        .findFirst()
                        .orElseThrow();
        return FileDescriptor.buildFrom(
                        orders, new FileDescriptor[] {TimestampProto.getDescriptor()})
                .findMessageTypeByName("Order");
    }

    static DynamicMessage order(Descriptor order) {
        Descriptor lineItem = order.findFieldByName("items").getMessageType();
        Descriptor tagEntry = order.findFieldByName("tags").getMessageType();
        return DynamicMessage.newBuilder(order)
                .setField(order.findFieldByName("order_id"), "o-17")
                .setField(
                        order.findFieldByName("created_at"),
                        Timestamp.newBuilder()
                                .setSeconds(1_700_000_000)
                                .setNanos(250_000_001)
                                .build())
                .addRepeatedField(
                        order.findFieldByName("items"), lineItem(lineItem, "sku-a", 1, 19.99))
                .addRepeatedField(
                        order.findFieldByName("items"),
                        lineItem(lineItem, "sku-b", -1 /* 2^32-1 */, 0.5))
                .addRepeatedField(
                        order.findFieldByName("tags"),
                        DynamicMessage.newBuilder(tagEntry)
                                .setField(tagEntry.findFieldByNumber(1), "channel")
                                .setField(tagEntry.findFieldByNumber(2), "web")
                                .build())
                .build();
    }

    private static DynamicMessage lineItem(
            Descriptor lineItem, String sku, int quantity, double price) {
        FieldDescriptor quantityField = lineItem.findFieldByName("quantity");
        return DynamicMessage.newBuilder(lineItem)
                .setField(lineItem.findFieldByName("sku"), sku)
                .setField(quantityField, quantity)
                .setField(lineItem.findFieldByName("unit_price"), price)
                .build();
    }

    private static List<String> fileNames(Path set) throws Exception {
        return FileDescriptorSet.parseFrom(Files.readAllBytes(set)).getFileList().stream()
                .map(FileDescriptorProto::getName)
                .collect(java.util.stream.Collectors.toList());
    }

    static PbRowDataDeserializationSchema decoder(PbSchema schema) {
        RowType rowType = (RowType) ORDER.getLogicalType();
        PbRowDataDeserializationSchema decoder =
                new PbRowDataDeserializationSchema(
                        schema, rowType, InternalTypeInfo.of(rowType), PbFormatConfig.defaults());
        decoder.open(deserializationContext(new UnregisteredMetricsGroup()));
        return decoder;
    }

    private static PbRowDataSerializationSchema encoder(PbSchema schema) {
        PbRowDataSerializationSchema encoder =
                new PbRowDataSerializationSchema(
                        schema, (RowType) ORDER.getLogicalType(), PbFormatConfig.defaults());
        encoder.open(serializationContext());
        return encoder;
    }
}
