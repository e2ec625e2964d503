package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.flinkext.format.pb.encode.RepeatedEncodeTest.str;
import static dev.flinkext.format.pb.encode.ScalarEncodeTest.encode;
import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nested messages whose length needs more than the one byte the encoder reserves (over 127 bytes,
 * over 16 KB, over 2 MB), alone and nested inside each other: the same bytes as protobuf-java.
 */
class NestedMessageLengthEncodeTest {

    private static final DataType INNER = ROW(FIELD("name", STRING()), FIELD("value", INT()));

    private static final DataType NESTED =
            ROW(
                    FIELD("f_int32", INT()),
                    FIELD("inner", INNER),
                    FIELD("r_inner", ARRAY(INNER)),
                    FIELD("m_string_inner", MAP(STRING(), INNER)),
                    FIELD("choice_inner", INNER),
                    FIELD("f_string", STRING()));

    /** Name lengths around the 1-, 2-, 3- and 4-byte length boundaries of Inner. */
    @ParameterizedTest(name = "name of {0} chars")
    @ValueSource(
            ints = {0, 120, 123, 124, 125, 126, 200, 16_370, 16_376, 16_377, 20_000, 2_097_200})
    void writesTheSameBytesAsProtobufJava(int nameLength) throws Exception {
        String name = "n".repeat(nameLength);
        GenericRowData inner = GenericRowData.of(str(name), 1);
        GenericRowData row =
                GenericRowData.of(
                        -1,
                        inner,
                        new GenericArrayData(new Object[] {inner, GenericRowData.of(str("s"), 2)}),
                        new GenericMapData(Map.of(str("key"), inner)),
                        inner,
                        str("after"));
        Inner expectedInner = Inner.newBuilder().setName(name).setValue(1).build();
        Everything expected =
                Everything.newBuilder()
                        .setFInt32(-1)
                        .setInner(expectedInner)
                        .addRInner(expectedInner)
                        .addRInner(Inner.newBuilder().setName("s").setValue(2))
                        .putMStringInner("key", expectedInner)
                        .setChoiceInner(expectedInner)
                        .setFString("after")
                        .build();

        byte[] bytes = encode(NESTED, row);

        assertThat(bytes.length).isEqualTo(expected.getSerializedSize());
        assertThat(Everything.parseFrom(bytes)).isEqualTo(expected);
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void oneEncoderWritesASmallRowCorrectlyAfterAHugeOne() throws Exception {
        PbRowDataSerializationSchema encoder =
                PbTestSchemas.encoder(Everything.class, NESTED, PbFormatConfig.defaults());
        GenericRowData huge = new GenericRowData(6);
        huge.setField(1, GenericRowData.of(str("h".repeat(3_000_000)), 1));
        GenericRowData small = new GenericRowData(6);
        small.setField(1, GenericRowData.of(str("s"), 2));

        byte[] first = encoder.serialize(huge);
        byte[] second = encoder.serialize(small);
        byte[] third = encoder.serialize(huge);

        assertThat(Everything.parseFrom(first).getInner().getName()).hasSize(3_000_000);
        assertThat(second)
                .isEqualTo(
                        Everything.newBuilder()
                                .setInner(Inner.newBuilder().setName("s").setValue(2))
                                .build()
                                .toByteArray());
        assertThat(third).isEqualTo(first);
    }
}
