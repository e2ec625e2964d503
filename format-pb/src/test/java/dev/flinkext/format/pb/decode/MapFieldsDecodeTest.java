package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.types.Row;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/** Map fields of several key and value kinds read as MAP. */
class MapFieldsDecodeTest {

    @Test
    void scalarKeysAndValuesReadAsMap() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .putMStringInt64("a", Long.MIN_VALUE)
                        .putMStringInt64("", 0)
                        .putMInt32String(-1, "minus one")
                        .putMInt32String(7, "")
                        .putMUint64Enum(-1L, Color.GREEN) // key 2^64 - 1
                        .putMUint64Enum(0L, Color.COLOR_UNSPECIFIED)
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("m_string_int64", MAP(STRING(), BIGINT())),
                                FIELD("m_int32_string", MAP(INT(), STRING())),
                                FIELD("m_uint64_enum", MAP(DECIMAL(20, 0), STRING()))),
                        message);

        assertThat(row.getField(0)).isEqualTo(Map.of("a", Long.MIN_VALUE, "", 0L));
        assertThat(row.getField(1)).isEqualTo(Map.of(-1, "minus one", 7, ""));
        assertThat(row.getField(2))
                .isEqualTo(
                        Map.of(
                                new BigDecimal("18446744073709551615"),
                                "GREEN",
                                BigDecimal.ZERO,
                                "COLOR_UNSPECIFIED"));
    }

    @Test
    void enumValuesReadAsNumbersIntoMapOfInt() throws Exception {
        Everything message = Everything.newBuilder().putMUint64Enum(5, Color.BLUE).build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("m_uint64_enum", MAP(DECIMAL(20, 0), INT()))),
                        message);

        assertThat(row.getField(0)).isEqualTo(Map.of(new BigDecimal(5), 3));
    }

    @Test
    void boolKeysAndBytesValuesReadAsMap() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .putMBoolBytes(true, ByteString.copyFrom(new byte[] {1, 2}))
                        .putMBoolBytes(false, ByteString.EMPTY)
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("m_bool_bytes", MAP(BOOLEAN(), BYTES()))),
                        message);

        @SuppressWarnings("unchecked")
        Map<Boolean, byte[]> map = (Map<Boolean, byte[]>) row.getField(0);
        assertThat(map).containsOnlyKeys(true, false);
        assertThat(map.get(true)).containsExactly(1, 2);
        assertThat(map.get(false)).isEmpty();
    }

    @Test
    void messageValuesReadAsMapOfRow() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .putMStringInner(
                                "x", Inner.newBuilder().setName("n").setColor(Color.RED).build())
                        .putMStringInner("empty", Inner.getDefaultInstance())
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD(
                                        "m_string_inner",
                                        MAP(
                                                STRING(),
                                                ROW(
                                                        FIELD("name", STRING()),
                                                        FIELD("color", STRING()))))),
                        message);

        assertThat(row.getField(0))
                .isEqualTo(
                        Map.of(
                                "x", Row.of("n", "RED"),
                                "empty", Row.of("", "COLOR_UNSPECIFIED")));
    }

    @Test
    void entryWithoutKeyOrValueReadsTheirDefaults() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            // m_string_inner entry with a key and no value
                            WireBytes.writeDelimited(out, 72, e -> e.writeString(1, "k"));
                            // m_string_int64 entry with a value and no key
                            WireBytes.writeDelimited(out, 70, e -> e.writeInt64(2, 5));
                        });

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD(
                                        "m_string_inner",
                                        MAP(
                                                STRING(),
                                                ROW(
                                                        FIELD("name", STRING()),
                                                        FIELD("value", INT())))),
                                FIELD("m_string_int64", MAP(STRING(), BIGINT()))),
                        bytes);

        Everything parsed = Everything.parseFrom(bytes);
        assertThat(parsed.getMStringInnerMap()).containsEntry("k", Inner.getDefaultInstance());
        assertThat(parsed.getMStringInt64Map()).containsEntry("", 5L);
        assertThat(row.getField(0)).isEqualTo(Map.of("k", Row.of("", 0)));
        assertThat(row.getField(1)).isEqualTo(Map.of("", 5L));
    }

    @Test
    void laterEntryOfTheSameKeyWins() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            WireBytes.writeDelimited(
                                    out,
                                    70,
                                    e -> {
                                        e.writeString(1, "k");
                                        e.writeInt64(2, 1);
                                    });
                            WireBytes.writeDelimited(
                                    out,
                                    70,
                                    e -> {
                                        e.writeInt64(2, 2); // value before key is legal
                                        e.writeString(1, "k");
                                    });
                        });

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("m_string_int64", MAP(STRING(), BIGINT()))),
                        bytes);

        assertThat(Everything.parseFrom(bytes).getMStringInt64Map()).isEqualTo(Map.of("k", 2L));
        assertThat(row.getField(0)).isEqualTo(Map.of("k", 2L));
    }
}
