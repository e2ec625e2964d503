package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Node;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code pb.read-default-values}, unset fields with presence read their defaults. */
class ReadDefaultValuesTest {

    private static final PbFormatConfig READ_DEFAULTS =
            PbFormatConfig.builder().readDefaultValues(true).build();

    @Test
    void unsetScalarsWithPresenceReadTheirDefaults() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("opt_int32", INT()),
                                FIELD("opt_string", STRING()),
                                FIELD("opt_enum", STRING()),
                                FIELD("opt_uint64", DECIMAL(20, 0)),
                                FIELD("w_int32", INT()),
                                FIELD("w_string", STRING()),
                                FIELD("w_bool", BOOLEAN()),
                                FIELD("w_bytes", BYTES()),
                                FIELD("w_uint64", DECIMAL(20, 0)),
                                FIELD("ts", TIMESTAMP_LTZ(9))),
                        READ_DEFAULTS,
                        Everything.getDefaultInstance().toByteArray());

        assertThat(row)
                .isEqualTo(
                        Row.of(
                                0,
                                "",
                                "COLOR_UNSPECIFIED",
                                BigDecimal.ZERO,
                                0,
                                "",
                                false,
                                new byte[0],
                                BigDecimal.ZERO,
                                Instant.EPOCH));
    }

    @Test
    void unsetMessageReadsAsRowOfDefaults() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD(
                                        "inner",
                                        ROW(
                                                FIELD("name", STRING()),
                                                FIELD("value", INT()),
                                                FIELD("color", STRING()))),
                                FIELD("ts", ROW(FIELD("seconds", BIGINT()), FIELD("nanos", INT()))),
                                FIELD("w_int64", ROW(FIELD("value", BIGINT())))),
                        READ_DEFAULTS,
                        Everything.getDefaultInstance().toByteArray());

        assertThat(row)
                .isEqualTo(Row.of(Row.of("", 0, "COLOR_UNSPECIFIED"), Row.of(0L, 0), Row.of(0L)));
    }

    @Test
    void nestedUnsetMessagesReadAsNestedRowsOfDefaults() throws Exception {
        Row row =
                ExternalRows.decode(
                        Node.class,
                        ROW(
                                FIELD("label", STRING()),
                                FIELD(
                                        "left",
                                        ROW(
                                                FIELD("label", STRING()),
                                                FIELD("right", ROW(FIELD("label", STRING()))),
                                                FIELD(
                                                        "children",
                                                        ARRAY(ROW(FIELD("label", STRING()))))))),
                        READ_DEFAULTS,
                        Node.newBuilder().setLabel("root").build().toByteArray());

        assertThat(row).isEqualTo(Row.of("root", Row.of("", Row.of(""), new Row[0])));
    }

    @Test
    void everyOneofMemberReadsItsDefaultWhenUnset() throws Exception {
        Row unset =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("choice_text", STRING()),
                                FIELD("choice_number", BIGINT()),
                                FIELD("choice_inner", ROW(FIELD("value", INT())))),
                        READ_DEFAULTS,
                        Everything.getDefaultInstance().toByteArray());
        Row oneSet =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("choice_text", STRING()), FIELD("choice_number", BIGINT())),
                        READ_DEFAULTS,
                        Everything.newBuilder().setChoiceNumber(5).build().toByteArray());

        assertThat(unset).isEqualTo(Row.of("", 0L, Row.of(0)));
        assertThat(oneSet).isEqualTo(Row.of("", 5L));
    }

    @Test
    void setValuesAndEmptyCollectionsAreUnchanged() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("opt_int32", INT()),
                                FIELD("r_int32", ARRAY(INT())),
                                FIELD("m_string_int64", MAP(STRING(), BIGINT()))),
                        READ_DEFAULTS,
                        Everything.newBuilder().setOptInt32(-4).build().toByteArray());

        assertThat(row).isEqualTo(Row.of(-4, new Integer[0], Map.of()));
    }
}
