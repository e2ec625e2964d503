package dev.flinkext.format.pb.schema;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whether a string must be valid UTF-8 follows the field's resolved features, as protobuf-java
 * does: an editions file may turn the check off ({@code utf8_validation = NONE}), for a file or a
 * field; the editions default checks; proto2 checks map entries only.
 */
class Utf8ValidationFeaturesTest {

    @TempDir Path dir;

    private static final String PROTO =
            "edition = \"2023\";\n"
                    + "package flinkext.editions;\n"
                    + "message Texts {\n"
                    + "  string checked = 1;\n"
                    + "  string unchecked = 2 [features.utf8_validation = NONE];\n"
                    + "}\n";

    private static final String PROTO2 =
            "syntax = \"proto2\";\n"
                    + "package flinkext.legacy2;\n"
                    + "message Texts {\n"
                    + "  optional string plain = 1;\n"
                    + "  map<string, string> entries = 2;\n"
                    + "}\n";

    /** Field #n = the two bytes C3 28, which are not UTF-8. */
    private static byte[] badString(int number) {
        return new byte[] {(byte) (number << 3 | 2), 0x02, (byte) 0xC3, 0x28};
    }

    @Test
    void aFieldWithoutUtf8ValidationReadsBytesThatAreNotUtf8() throws Exception {
        RowData row = decode(ROW(FIELD("unchecked", STRING())), badString(2));

        assertThat(row.getString(0).toBytes()).containsExactly((byte) 0xC3, 0x28);
    }

    @Test
    void aFieldWithTheEditionsDefaultRefusesBytesThatAreNotUtf8() throws Exception {
        assertThatThrownBy(() -> decode(ROW(FIELD("checked", STRING())), badString(1)))
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("in field 'checked' (#1)");
    }

    @Test
    void proto2ReadsAPlainStringThatIsNotUtf8ButNotAMapKey() throws Exception {
        RowData row =
                decode(
                        PROTO2,
                        "flinkext.legacy2.Texts",
                        ROW(FIELD("plain", STRING())),
                        badString(1));
        assertThat(row.getString(0).toBytes()).containsExactly((byte) 0xC3, 0x28);

        // entries (#2) = {C3 28: ""}, as protobuf-java refuses it too
        byte[] entry = {0x12, 0x04, 0x0A, 0x02, (byte) 0xC3, 0x28};
        assertThatThrownBy(
                        () ->
                                decode(
                                        PROTO2,
                                        "flinkext.legacy2.Texts",
                                        ROW(FIELD("entries", MAP(STRING(), STRING()))),
                                        entry))
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("in field 'entries' (#2)");
    }

    private RowData decode(DataType type, byte[] bytes) throws Exception {
        return decode(PROTO, "flinkext.editions.Texts", type, bytes);
    }

    private RowData decode(String proto, String message, DataType type, byte[] bytes)
            throws Exception {
        Files.writeString(dir.resolve("texts.proto"), proto);
        Path set = dir.resolve("texts.desc");
        Protoc.run(List.of(dir), "--descriptor_set_out=" + set, "texts.proto");
        PbSchema schema = PbSchema.ofDescriptorSet(Files.readAllBytes(set), message);
        return PbTestSchemas.decoder(schema, type, PbFormatConfig.defaults()).deserialize(bytes);
    }
}
