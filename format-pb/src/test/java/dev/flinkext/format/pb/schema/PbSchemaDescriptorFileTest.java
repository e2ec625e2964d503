package dev.flinkext.format.pb.schema;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.decode.PbRowDataDeserializationSchema;
import dev.flinkext.format.pb.encode.PbRowDataSerializationSchema;
import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;
import dev.flinkext.format.pb.testproto.Legacy;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static dev.flinkext.format.pb.PbTestSchemas.deserializationContext;
import static dev.flinkext.format.pb.PbTestSchemas.serializationContext;
import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code pb.descriptor-file} + {@code pb.message-name}: the build's own descriptor set (written by
 * protoc for the test protos) reads and writes exactly as the generated classes do; bad files and
 * names are refused naming the path, the option or the messages there are.
 */
class PbSchemaDescriptorFileTest {

    static final Path TEST_MESSAGES =
            Protoc.MODULE.resolve("target/generated-test-resources/protobuf/test-messages.desc");

    private static final DataType TYPE =
            ROW(
                    FIELD("f_int32", INT()),
                    FIELD("f_uint64", DECIMAL(20, 0)),
                    FIELD("f_string", STRING()),
                    FIELD("f_enum", STRING()),
                    FIELD("opt_string", STRING()),
                    FIELD("inner", ROW(FIELD("name", STRING()), FIELD("color", STRING()))),
                    FIELD("ts", TIMESTAMP_LTZ(9)),
                    FIELD("w_int64", BIGINT()),
                    FIELD("r_bytes", ARRAY(BYTES())),
                    FIELD("m_int32_string", MAP(INT(), STRING())),
                    FIELD("choice_number", BIGINT()));

    private static final Everything MESSAGE =
            Everything.newBuilder()
                    .setFInt32(-3)
                    .setFUint64(-1L)
                    .setFString("s")
                    .setFEnum(Color.BLUE)
                    .setOptString("")
                    .setInner(Inner.newBuilder().setName("n").setColor(Color.RED))
                    .setTs(Timestamp.newBuilder().setSeconds(-10).setNanos(5))
                    .setWInt64(Int64Value.of(0))
                    .addRBytes(ByteString.copyFromUtf8("b"))
                    .putMInt32String(4, "four")
                    .setChoiceNumber(9)
                    .build();

    @Test
    void decodesAndEncodesTheSameAsClassMode() throws Exception {
        assertThat(TEST_MESSAGES)
                .as("written by the build's protoc (mvn test-compile -pl format-pb)")
                .isRegularFile();
        PbSchema fromFile =
                PbSchema.ofDescriptorFile(TEST_MESSAGES.toString(), "flinkext.test.Everything");
        PbSchema fromClass = PbSchema.ofMessageClass(Everything.class);

        RowData fileRow = decoder(fromFile).deserialize(MESSAGE.toByteArray());
        RowData classRow = decoder(fromClass).deserialize(MESSAGE.toByteArray());

        assertThat(fileRow).isEqualTo(classRow);
        assertThat(fileRow.getString(3).toString()).isEqualTo("BLUE");
        assertThat(encoder(fromFile).serialize(fileRow)).isEqualTo(MESSAGE.toByteArray());
        assertThat(fromFile.origin()).contains(TEST_MESSAGES.toString());
        assertThat(fields(fromFile.descriptor())).isEqualTo(fields(Everything.getDescriptor()));
    }

    @Test
    void acceptsAFileUriALeadingDotAndNestedOrProto2Messages() {
        String uri = TEST_MESSAGES.toUri().toString();

        assertThat(PbSchema.ofDescriptorFile(uri, ".flinkext.test.Everything").messageName())
                .isEqualTo("flinkext.test.Everything");
        assertThat(fields(PbSchema.ofDescriptorFile(uri, "flinkext.test.Legacy").descriptor()))
                .isEqualTo(fields(Legacy.getDescriptor()));
        assertThat(
                        PbSchema.ofDescriptorFile(uri, "flinkext.test.Legacy.Extra")
                                .descriptor()
                                .getFullName())
                .isEqualTo("flinkext.test.Legacy.Extra");
    }

    @Test
    void acceptsTheSetAsBytes() throws Exception {
        PbSchema schema =
                PbSchema.ofDescriptorSet(Files.readAllBytes(TEST_MESSAGES), "flinkext.test.Node");

        assertThat(schema.descriptor().findFieldByName("children").isRepeated()).isTrue();
    }

    @Test
    void aMissingFileNamesThePathAndTheOption(@TempDir Path dir) {
        String missing = dir.resolve("nope/orders.desc").toString();

        assertThatThrownBy(() -> PbSchema.ofDescriptorFile(missing, "shop.v1.Order"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'" + missing + "'")
                .hasMessageContaining("'pb.descriptor-file'");
    }

    @Test
    void aFileThatIsNoDescriptorSetIsRefused(@TempDir Path dir) throws Exception {
        // a common mistake: the .proto source instead of what protoc writes from it
        Path source = Protoc.DESCRIPTOR_ONLY.resolve("orders.proto");
        // another: one FileDescriptorProto instead of a set
        Path single = dir.resolve("single.desc");
        Files.write(single, Everything.getDescriptor().getFile().toProto().toByteArray());
        Path empty = Files.createFile(dir.resolve("empty.desc"));

        assertThatThrownBy(() -> PbSchema.ofDescriptorFile(source.toString(), "shop.v1.Order"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'" + source + "'")
                .hasMessageContaining("is not a descriptor set")
                .hasMessageContaining("--descriptor_set_out");
        assertThatThrownBy(() -> PbSchema.ofDescriptorFile(single.toString(), "shop.v1.Order"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("is not a descriptor set");
        assertThatThrownBy(() -> PbSchema.ofDescriptorFile(empty.toString(), "shop.v1.Order"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'" + empty + "'")
                .hasMessageContaining("holds no .proto file");
    }

    @Test
    void anUnknownMessageNameListsTheMessages() {
        assertThatThrownBy(() -> PbSchema.ofDescriptorFile(TEST_MESSAGES.toString(), "Everything"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("has no message 'Everything'")
                .hasMessageContaining("with its package")
                .hasMessageContaining("flinkext.test.Everything")
                .hasMessageContaining("flinkext.test.Legacy")
                .hasMessageContaining("flinkext.test.Legacy.Extra");
    }

    /** Name, number, type and label of each field (protoc's file also carries json_name). */
    static List<String> fields(Descriptor message) {
        return message.getFields().stream()
                .map(
                        f ->
                                f.getName()
                                        + "#"
                                        + f.getNumber()
                                        + " "
                                        + f.getType()
                                        + " "
                                        + f.toProto().getLabel()
                                        + " "
                                        + f.hasPresence())
                .collect(Collectors.toList());
    }

    private static PbRowDataDeserializationSchema decoder(PbSchema schema) {
        RowType rowType = (RowType) TYPE.getLogicalType();
        PbRowDataDeserializationSchema decoder =
                new PbRowDataDeserializationSchema(
                        schema, rowType, InternalTypeInfo.of(rowType), PbFormatConfig.defaults());
        decoder.open(deserializationContext(new UnregisteredMetricsGroup()));
        return decoder;
    }

    private static PbRowDataSerializationSchema encoder(PbSchema schema) {
        PbRowDataSerializationSchema encoder =
                new PbRowDataSerializationSchema(
                        schema, (RowType) TYPE.getLogicalType(), PbFormatConfig.defaults());
        encoder.open(serializationContext());
        return encoder;
    }
}
