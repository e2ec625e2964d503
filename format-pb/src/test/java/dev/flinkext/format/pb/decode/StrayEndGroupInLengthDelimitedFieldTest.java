package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.testproto.Everything;

import org.apache.flink.table.types.DataType;

import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;

import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An END_GROUP tag inside a length-delimited value (here a map entry) is malformed, as
 * protobuf-java says: the value's remaining bytes must not be read as fields of the enclosing
 * message.
 */
class StrayEndGroupInLengthDelimitedFieldTest {

    private static final DataType TYPE =
            ROW(FIELD("f_int32", INT()), FIELD("m_int32_string", MAP(INT(), STRING())));

    @Test
    void aMapEntryHoldingAnEndGroupTagFails() throws Exception {
        // m_int32_string (#71) entry of 3 bytes: END_GROUP of #5, then "08 07" which would read as
        // f_int32 = 7 if the entry's bytes leaked into the outer message
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            out.writeTag(71, 2);
                            out.writeUInt32NoTag(3);
                            out.writeRawBytes(new byte[] {0x2C, 0x08, 0x07});
                        });
        assertThatThrownBy(() -> Everything.parseFrom(bytes))
                .isInstanceOf(InvalidProtocolBufferException.class);

        assertThatThrownBy(() -> PbTestSchemas.decode(Everything.class, TYPE, bytes))
                .hasMessageContaining("flinkext.test.Everything")
                .hasMessageContaining("in field 'm_int32_string' (#71)");
    }
}
