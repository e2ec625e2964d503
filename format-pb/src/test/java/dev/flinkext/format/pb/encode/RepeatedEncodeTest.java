package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.flinkext.format.pb.encode.ScalarEncodeTest.decimal;
import static dev.flinkext.format.pb.encode.ScalarEncodeTest.encode;
import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARRAY columns as repeated fields: packed or not as the schema says (same bytes as protobuf-java),
 * an empty ARRAY writes nothing, a NULL string element is the configured literal, other NULL
 * elements are the type's zero.
 */
class RepeatedEncodeTest {

    private static final DataType ARRAYS =
            ROW(
                    FIELD("r_int32", ARRAY(INT())),
                    FIELD("r_int64", ARRAY(BIGINT())),
                    FIELD("r_uint32", ARRAY(BIGINT())),
                    FIELD("r_uint64", ARRAY(DECIMAL(20, 0))),
                    FIELD("r_sint32", ARRAY(INT())),
                    FIELD("r_fixed64", ARRAY(DECIMAL(20, 0))),
                    FIELD("r_double", ARRAY(DOUBLE())),
                    FIELD("r_float", ARRAY(FLOAT())),
                    FIELD("r_bool", ARRAY(BOOLEAN())),
                    FIELD("r_string", ARRAY(STRING())),
                    FIELD("r_bytes", ARRAY(BYTES())),
                    FIELD("r_enum", ARRAY(STRING())),
                    FIELD("r_inner", ARRAY(ROW(FIELD("name", STRING()), FIELD("value", INT())))),
                    FIELD("r_unpacked", ARRAY(INT())));

    @Test
    void writesEveryRepeatedTypeByteForByteAsProtobufJava() throws Exception {
        GenericRowData row =
                GenericRowData.of(
                        array(1, -1, 0, Integer.MAX_VALUE),
                        array(Long.MIN_VALUE, 0L, 300L),
                        array(0L, 4294967295L),
                        array(decimal("18446744073709551615"), decimal("1")),
                        array(-1, 1, Integer.MIN_VALUE),
                        array(decimal("9223372036854775808")),
                        array(1.5, -0.0, Double.NaN),
                        array(0.25f, Float.NEGATIVE_INFINITY),
                        array(true, false, true),
                        array(str("a"), str(""), str("ü")),
                        array(new byte[] {1}, new byte[0]),
                        array(str("RED"), str("COLOR_UNSPECIFIED"), str("7")),
                        array(
                                GenericRowData.of(str("x"), 1),
                                GenericRowData.of(null, null),
                                GenericRowData.of(str("y"), null)),
                        array(5, 0, -5));
        Everything expected =
                Everything.newBuilder()
                        .addAllRInt32(List.of(1, -1, 0, Integer.MAX_VALUE))
                        .addAllRInt64(List.of(Long.MIN_VALUE, 0L, 300L))
                        .addAllRUint32(List.of(0, -1))
                        .addAllRUint64(List.of(-1L, 1L))
                        .addAllRSint32(List.of(-1, 1, Integer.MIN_VALUE))
                        .addRFixed64(Long.MIN_VALUE)
                        .addAllRDouble(List.of(1.5, -0.0, Double.NaN))
                        .addAllRFloat(List.of(0.25f, Float.NEGATIVE_INFINITY))
                        .addAllRBool(List.of(true, false, true))
                        .addAllRString(List.of("a", "", "ü"))
                        .addRBytes(ByteString.copyFrom(new byte[] {1}))
                        .addRBytes(ByteString.EMPTY)
                        .addREnum(Color.RED)
                        .addREnum(Color.COLOR_UNSPECIFIED)
                        .addREnumValue(7)
                        .addRInner(Inner.newBuilder().setName("x").setValue(1))
                        .addRInner(Inner.getDefaultInstance())
                        .addRInner(Inner.newBuilder().setName("y"))
                        .addAllRUnpacked(List.of(5, 0, -5))
                        .build();

        byte[] bytes = encode(ARRAYS, row);

        assertThat(Everything.parseFrom(bytes)).isEqualTo(expected);
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void packedAndUnpackedAsTheSchemaSays() throws Exception {
        DataType type = ROW(FIELD("r_int32", ARRAY(INT())), FIELD("r_unpacked", ARRAY(INT())));

        byte[] bytes = encode(type, GenericRowData.of(array(1, 2, 3), array(4, 5, 6)));

        // r_int32 (#50): one length-delimited record; r_unpacked (#63): one varint per element
        List<Integer> tags = tags(bytes);
        assertThat(tags)
                .containsExactly(
                        tag(50, WireFormat.WIRETYPE_LENGTH_DELIMITED),
                        tag(63, WireFormat.WIRETYPE_VARINT),
                        tag(63, WireFormat.WIRETYPE_VARINT),
                        tag(63, WireFormat.WIRETYPE_VARINT));
        assertThat(bytes)
                .isEqualTo(
                        Everything.newBuilder()
                                .addAllRInt32(List.of(1, 2, 3))
                                .addAllRUnpacked(List.of(4, 5, 6))
                                .build()
                                .toByteArray());
    }

    @Test
    void anEmptyArrayWritesNothing() {
        GenericRowData row = new GenericRowData(14);
        for (int i = 0; i < 14; i++) {
            row.setField(i, new GenericArrayData(new Object[0]));
        }
        row.setField(0, new GenericArrayData(new int[0]));

        assertThat(encode(ARRAYS, row)).isEmpty();
    }

    @Test
    void nullStringElementsAreTheDefaultEmptyLiteral() throws Exception {
        DataType type = ROW(FIELD("r_string", ARRAY(STRING())));

        byte[] bytes = encode(type, GenericRowData.of(array(str("a"), null, str("b"))));

        assertThat(Everything.parseFrom(bytes).getRStringList()).containsExactly("a", "", "b");
    }

    @Test
    void nullStringElementsAreTheConfiguredLiteral() throws Exception {
        DataType type = ROW(FIELD("r_string", ARRAY(STRING())));
        PbRowDataSerializationSchema encoder =
                PbTestSchemas.encoder(
                        Everything.class,
                        type,
                        PbFormatConfig.builder().writeNullStringLiteral("<null>").build());

        byte[] bytes = encoder.serialize(GenericRowData.of(array(null, str("b"), null)));

        assertThat(Everything.parseFrom(bytes).getRStringList())
                .containsExactly("<null>", "b", "<null>");
    }

    @Test
    void nullElementsOfOtherTypesAreTheirZero() throws Exception {
        GenericRowData row = new GenericRowData(14);
        row.setField(0, array(1, null));
        row.setField(3, array((Object) null));
        row.setField(6, array(null, 2.0));
        row.setField(8, array((Object) null));
        row.setField(10, array((Object) null));
        row.setField(11, array(null, str("BLUE")));
        row.setField(12, array(null, GenericRowData.of(str("z"), 2)));
        row.setField(13, array((Object) null));
        // a NULL enum element is the enum's zero, not the string literal
        PbRowDataSerializationSchema encoder =
                PbTestSchemas.encoder(
                        Everything.class,
                        ARRAYS,
                        PbFormatConfig.builder().writeNullStringLiteral("<null>").build());
        Everything expected =
                Everything.newBuilder()
                        .addAllRInt32(List.of(1, 0))
                        .addRUint64(0)
                        .addAllRDouble(List.of(0.0, 2.0))
                        .addRBool(false)
                        .addRBytes(ByteString.EMPTY)
                        .addREnum(Color.COLOR_UNSPECIFIED)
                        .addREnum(Color.BLUE)
                        .addRInner(Inner.getDefaultInstance())
                        .addRInner(Inner.newBuilder().setName("z").setValue(2))
                        .addRUnpacked(0)
                        .build();

        byte[] bytes = encoder.serialize(row);

        assertThat(Everything.parseFrom(bytes)).isEqualTo(expected);
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    static GenericArrayData array(Object... values) {
        return new GenericArrayData(values);
    }

    static StringData str(String value) {
        return StringData.fromString(value);
    }

    private static List<Integer> tags(byte[] bytes) throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        List<Integer> tags = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            tags.add(tag);
            in.skipField(tag);
        }
        return tags;
    }

    private static int tag(int fieldNumber, int wireType) {
        return fieldNumber << 3 | wireType;
    }
}
