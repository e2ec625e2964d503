package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.flinkext.format.pb.encode.RepeatedEncodeTest.str;
import static dev.flinkext.format.pb.encode.ScalarEncodeTest.decimal;
import static dev.flinkext.format.pb.encode.ScalarEncodeTest.encode;
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

/**
 * MAP columns as map entries: one entry gives protobuf-java's exact bytes (key and value always
 * written), several read back equal; NULL values are the string literal or the type's zero.
 */
class MapEncodeTest {

    private static final DataType MAPS =
            ROW(
                    FIELD("m_string_int64", MAP(STRING(), BIGINT())),
                    FIELD("m_int32_string", MAP(INT(), STRING())),
                    FIELD(
                            "m_string_inner",
                            MAP(STRING(), ROW(FIELD("name", STRING()), FIELD("value", INT())))),
                    FIELD("m_bool_bytes", MAP(BOOLEAN(), BYTES())),
                    FIELD("m_uint64_enum", MAP(DECIMAL(20, 0), STRING())));

    @Test
    void oneEntryPerMapIsWrittenByteForByteAsProtobufJava() throws Exception {
        GenericRowData row =
                GenericRowData.of(
                        map(str("k"), -1L),
                        map(-7, str("v")),
                        map(str("i"), GenericRowData.of(str("n"), 3)),
                        map(true, new byte[] {1, 2}),
                        map(decimal("18446744073709551615"), str("GREEN")));
        Everything expected =
                Everything.newBuilder()
                        .putMStringInt64("k", -1L)
                        .putMInt32String(-7, "v")
                        .putMStringInner("i", Inner.newBuilder().setName("n").setValue(3).build())
                        .putMBoolBytes(true, ByteString.copyFrom(new byte[] {1, 2}))
                        .putMUint64Enum(-1L, Color.GREEN)
                        .build();

        byte[] bytes = encode(MAPS, row);

        assertThat(Everything.parseFrom(bytes)).isEqualTo(expected);
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void zeroKeysAndValuesAreStillWrittenInTheEntry() throws Exception {
        GenericRowData row =
                GenericRowData.of(
                        map(str(""), 0L),
                        map(0, str("")),
                        map(str(""), GenericRowData.of(null, null)),
                        map(false, new byte[0]),
                        map(decimal("0"), str("COLOR_UNSPECIFIED")));
        Everything expected =
                Everything.newBuilder()
                        .putMStringInt64("", 0L)
                        .putMInt32String(0, "")
                        .putMStringInner("", Inner.getDefaultInstance())
                        .putMBoolBytes(false, ByteString.EMPTY)
                        .putMUint64Enum(0L, Color.COLOR_UNSPECIFIED)
                        .build();

        assertThat(encode(MAPS, row)).isEqualTo(expected.toByteArray());
    }

    @Test
    void severalEntriesReadBackEqual() throws Exception {
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            entries.put(str("k" + i), (long) i * 1_000_000_007L);
        }
        GenericRowData row = new GenericRowData(5);
        row.setField(0, new GenericMapData(entries));

        Everything parsed = Everything.parseFrom(encode(MAPS, row));

        assertThat(parsed.getMStringInt64Map()).hasSize(50).containsEntry("k49", 49_000_000_343L);
    }

    @Test
    void anEmptyMapWritesNothing() {
        GenericRowData row = new GenericRowData(5);
        for (int i = 0; i < 5; i++) {
            row.setField(i, new GenericMapData(Map.of()));
        }

        assertThat(encode(MAPS, row)).isEmpty();
    }

    @Test
    void nullValuesAreTheStringLiteralOrTheZero() throws Exception {
        GenericRowData row =
                GenericRowData.of(
                        map(str("a"), null),
                        map(1, null),
                        map(str("b"), null),
                        map(true, null),
                        map(decimal("5"), null));

        Everything defaults = Everything.parseFrom(encode(MAPS, row));
        Everything custom =
                Everything.parseFrom(
                        PbTestSchemas.encoder(
                                        Everything.class,
                                        MAPS,
                                        PbFormatConfig.builder()
                                                .writeNullStringLiteral("null")
                                                .build())
                                .serialize(row));

        assertThat(defaults.getMStringInt64Map()).containsExactlyEntriesOf(Map.of("a", 0L));
        assertThat(defaults.getMInt32StringMap()).containsExactlyEntriesOf(Map.of(1, ""));
        assertThat(defaults.getMStringInnerMap())
                .containsExactlyEntriesOf(Map.of("b", Inner.getDefaultInstance()));
        assertThat(defaults.getMBoolBytesMap())
                .containsExactlyEntriesOf(Map.of(true, ByteString.EMPTY));
        assertThat(defaults.getMUint64EnumMap())
                .containsExactlyEntriesOf(Map.of(5L, Color.COLOR_UNSPECIFIED));
        assertThat(custom.getMInt32StringMap()).containsExactlyEntriesOf(Map.of(1, "null"));
        // an enum value is not a string: the literal does not apply
        assertThat(custom.getMUint64EnumMap())
                .containsExactlyEntriesOf(Map.of(5L, Color.COLOR_UNSPECIFIED));
    }

    private static GenericMapData map(Object key, Object value) {
        Map<Object, Object> entries = new HashMap<>();
        entries.put(key, value);
        return new GenericMapData(entries);
    }
}
