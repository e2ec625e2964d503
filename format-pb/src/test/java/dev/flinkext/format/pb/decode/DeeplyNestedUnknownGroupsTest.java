package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.testproto.Everything;

import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unknown groups nested far deeper than any real message fail as bad bytes, not a crash. */
class DeeplyNestedUnknownGroupsTest {

    private static final DataType TYPE = ROW(FIELD("f_int32", INT()));

    @Test
    void deeplyNestedUnknownGroupsFailAsMalformed() throws Exception {
        byte[] bytes = new byte[2_000_000];
        Arrays.fill(
                bytes, (byte) 0x1B); // START_GROUP of #3 (not a column), nested two million deep
        assertThatThrownBy(() -> PbTestSchemas.decode(Everything.class, TYPE, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("flinkext.test.Everything");
    }
}
