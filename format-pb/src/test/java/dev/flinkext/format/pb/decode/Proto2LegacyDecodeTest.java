package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Legacy;
import dev.flinkext.format.pb.testproto.Level;

import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

import com.google.protobuf.ByteString;
import com.google.protobuf.WireFormat;
import org.junit.jupiter.api.Test;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/** proto2: declared defaults, required fields, groups. */
class Proto2LegacyDecodeTest {

    private static final DataType COLUMNS =
            ROW(
                    FIELD("id", BIGINT()),
                    FIELD("name", STRING()),
                    FIELD("count", INT()),
                    FIELD("level", STRING()),
                    FIELD("ratio", DOUBLE()),
                    FIELD("blob", BYTES()),
                    FIELD("extra", ROW(FIELD("note", STRING()))));

    private static final byte[] ONLY_ID = Legacy.newBuilder().setId(1).build().toByteArray();

    @Test
    void unsetFieldsWithDeclaredDefaultsReadNull() throws Exception {
        Row row = ExternalRows.decode(Legacy.class, COLUMNS, ONLY_ID);

        assertThat(row).isEqualTo(Row.of(1L, null, null, null, null, null, null));
    }

    @Test
    void readDefaultValuesReadsTheDeclaredDefaults() throws Exception {
        Row row =
                ExternalRows.decode(
                        Legacy.class,
                        COLUMNS,
                        PbFormatConfig.builder().readDefaultValues(true).build(),
                        ONLY_ID);
        Row levelAsInt =
                ExternalRows.decode(
                        Legacy.class,
                        ROW(FIELD("level", INT())),
                        PbFormatConfig.builder().readDefaultValues(true).build(),
                        ONLY_ID);

        Legacy parsed = Legacy.parseFrom(ONLY_ID);
        assertThat(parsed.getName()).isEqualTo("unnamed");
        assertThat(row)
                .isEqualTo(Row.of(1L, "unnamed", 7, "HIGH", 0.0, "abc".getBytes(), Row.of("")));
        assertThat(levelAsInt).isEqualTo(Row.of(2));
    }

    @Test
    void notNullColumnsReadTheDeclaredDefaults() throws Exception {
        Row row =
                ExternalRows.decode(
                        Legacy.class,
                        ROW(
                                FIELD("name", STRING().notNull()),
                                FIELD("count", INT().notNull()),
                                FIELD("level", STRING().notNull()),
                                FIELD("blob", BYTES().notNull())),
                        ONLY_ID);

        assertThat(row).isEqualTo(Row.of("unnamed", 7, "HIGH", "abc".getBytes()));
    }

    @Test
    void fieldsSetToValuesOtherThanTheirDefaultsReadThoseValues() throws Exception {
        Legacy message =
                Legacy.newBuilder()
                        .setId(-1)
                        .setName("")
                        .setCount(0)
                        .setLevel(Level.LOW)
                        .setRatio(0.5)
                        .setBlob(ByteString.EMPTY)
                        .setExtra(Legacy.Extra.newBuilder().setNote("n"))
                        .build();

        Row row = ExternalRows.decode(Legacy.class, COLUMNS, message);

        assertThat(row).isEqualTo(Row.of(-1L, "", 0, "LOW", 0.5, new byte[0], Row.of("n")));
    }

    @Test
    void missingRequiredFieldReadsNull() throws Exception {
        byte[] bytes = Legacy.newBuilder().setName("no id").buildPartial().toByteArray();

        Row row =
                ExternalRows.decode(
                        Legacy.class, ROW(FIELD("id", BIGINT()), FIELD("name", STRING())), bytes);

        assertThat(row).isEqualTo(Row.of(null, "no id"));
    }

    @Test
    void groupReadsAsRow() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            out.writeInt64(1, 3);
                            out.writeTag(8, WireFormat.WIRETYPE_START_GROUP);
                            out.writeString(9, "inside");
                            out.writeString(99, "unknown inside the group");
                            out.writeTag(8, WireFormat.WIRETYPE_END_GROUP);
                            out.writeString(2, "after");
                        });

        Row row =
                ExternalRows.decode(
                        Legacy.class,
                        ROW(
                                FIELD("extra", ROW(FIELD("note", STRING()))),
                                FIELD("name", STRING()),
                                FIELD("id", BIGINT())),
                        bytes);

        assertThat(Legacy.parseFrom(bytes).getExtra().getNote()).isEqualTo("inside");
        assertThat(row).isEqualTo(Row.of(Row.of("inside"), "after", 3L));
    }

    @Test
    void repeatedFieldsReadPackedOrNotWhateverTheSchemaSays() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            // plain_repeated is unpacked in the schema: written packed
                            WireBytes.writeDelimited(
                                    out,
                                    6,
                                    packed -> {
                                        packed.writeInt32NoTag(1);
                                        packed.writeInt32NoTag(2);
                                    });
                            // packed_repeated is packed in the schema: written unpacked
                            out.writeInt32(7, 3);
                            out.writeInt32(7, 4);
                        });

        Row row =
                ExternalRows.decode(
                        Legacy.class,
                        ROW(
                                FIELD("plain_repeated", ARRAY(INT())),
                                FIELD("packed_repeated", ARRAY(INT()))),
                        bytes);

        Legacy parsed = Legacy.parser().parsePartialFrom(bytes);
        assertThat(parsed.getPlainRepeatedList()).containsExactly(1, 2);
        assertThat(parsed.getPackedRepeatedList()).containsExactly(3, 4);
        assertThat(row).isEqualTo(Row.of(new Integer[] {1, 2}, new Integer[] {3, 4}));
    }
}
