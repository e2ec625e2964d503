package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Legacy;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;

import static dev.flinkext.format.pb.encode.RepeatedEncodeTest.str;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A proto2 message without its {@code required} fields does not parse (protobuf-java refuses it),
 * so a sink refuses a row type without the column, and a NULL in it.
 */
class RequiredFieldEncodeTest {

    @Test
    void protobufJavaRefusesAMessageWithoutItsRequiredField() {
        byte[] withoutId = Legacy.newBuilder().setName("n").buildPartial().toByteArray();

        assertThatThrownBy(() -> Legacy.parseFrom(withoutId))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("id");
    }

    @Test
    void aNullInARequiredFieldFailsNamingTheColumn() {
        DataType type = ROW(FIELD("id", BIGINT()), FIELD("name", STRING()));
        PbRowDataSerializationSchema encoder =
                PbTestSchemas.encoder(Legacy.class, type, PbFormatConfig.defaults());

        assertThatThrownBy(() -> encoder.serialize(GenericRowData.of(null, str("n"))))
                .isInstanceOf(PbEncodeException.class)
                .hasMessageContaining("'flinkext.test.Legacy'")
                .hasMessageContaining("column 'id'")
                .hasMessageContaining("flinkext.test.Legacy.id (#1)")
                .hasMessageContaining("NULL")
                .hasMessageContaining("required");
        assertThat(encoder.serialize(GenericRowData.of(0L, null)))
                .isEqualTo(Legacy.newBuilder().setId(0).build().toByteArray());
    }

    @Test
    void aRowTypeWithoutTheRequiredColumnIsRefusedBeforeWriting() {
        DataType type = ROW(FIELD("name", STRING()));

        assertThatThrownBy(
                        () -> PbTestSchemas.encoder(Legacy.class, type, PbFormatConfig.defaults()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'flinkext.test.Legacy.id' is required")
                .hasMessageContaining("no column 'id'");
        // reading a subset stays allowed
        assertThat(PbTestSchemas.decoder(Legacy.class, type, PbFormatConfig.defaults()))
                .isNotNull();
    }
}
